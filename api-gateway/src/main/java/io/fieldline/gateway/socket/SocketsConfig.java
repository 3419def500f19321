package io.fieldline.gateway.socket;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the gateway's WebSockets ({@code fieldline.sockets.*}; env {@code FIELDLINE_SOCKETS_*}). */
@ConfigMapping(prefix = "fieldline.sockets")
public interface SocketsConfig {

    /**
     * How often an open socket's credential is checked again (revocation, deleted user or token, suspended tenant,
     * changed role). Expiry needs no check: the socket is closed when its credential expires.
     */
    @WithDefault("30S")
    Duration recheckInterval();

    /**
     * Largest message a client may send, in characters; a larger one is answered with an error message. Frames
     * beyond {@code quarkus.http.websocket-server.max-frame-size} are refused by the protocol layer (close 1009).
     */
    @WithDefault("1048576")
    int maxMessageSize();

    /** The seed 000 ingest socket {@code /ws/controller/telemetry}. */
    Telemetry telemetry();

    /** Settings of {@code /ws/controller/telemetry}. */
    interface Telemetry {

        /** Most datapoints in one message (seed 000: 500); keep it equal to ingest-service's batch limit. */
        @WithDefault("500")
        int maxBatchSize();

        /** Forwards one connection may have outstanding; at the limit the gateway stops reading that socket. */
        @WithDefault("4")
        int maxInFlight();

        /** How long one forward to ingest-service may stay silent before the message is answered with an error. */
        @WithDefault("10S")
        Duration forwardTimeout();

        /** Telemetry sockets this gateway replica holds open; further upgrades get 503. */
        @WithDefault("10000")
        int maxConnections();

        /** Connections to ingest-service used by the telemetry sockets of one event loop. */
        @WithDefault("64")
        int forwardConnections();

        /** Forwards allowed to wait for one of those connections (per event loop); beyond it, an error answers. */
        @WithDefault("2000")
        int maxWaitingForwards();
    }
}
