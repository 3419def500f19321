package io.fieldline.gateway.live;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the live sockets {@code /ws/datapoints/stream} and {@code /ws} ({@code fieldline.live.*}; env
 * {@code FIELDLINE_LIVE_*}). Authentication, re-checks and the message size limit are {@code fieldline.sockets.*}.
 */
@ConfigMapping(prefix = "fieldline.live")
public interface LiveConfig {

    /** Whether this replica consumes the live topics and serves the live sockets. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Least time between two messages about one event to one {@code /ws/datapoints/stream} connection (seed 000: 200
     * ms); values arriving in between replace each other, the latest is sent.
     */
    @WithDefault("200MS")
    Duration flushInterval();

    /**
     * The same for {@code /ws} (seed 002 has no throttle): short enough that a value reaches a dashboard within the
     * live latency target, long enough that a burst of one event still coalesces into its latest value.
     */
    @WithDefault("20MS")
    Duration typedFlushInterval();

    /** Distinct events whose latest value may wait for one connection; values of further events are dropped. */
    @WithDefault("5000")
    int maxPendingValues();

    /** Alarm and activity messages that may wait for one connection; one more closes it with 1013. */
    @WithDefault("1000")
    int maxPendingMessages();

    /** How long a connection may leave its outgoing data unread before it is closed with 1013. */
    @WithDefault("30S")
    Duration stuckTimeout();

    /** How often the server pings each connection (a WebSocket ping frame) to find dead peers. */
    @WithDefault("30S")
    Duration pingInterval();

    /** How long a connection may stay silent (no pong nor any frame) before it is closed as dead. */
    @WithDefault("75S")
    Duration deadAfter();

    /** How often a connection's timers (stuck, ping, dead peer) are checked. */
    @WithDefault("1S")
    Duration tickInterval();

    /** Messages one client may send per {@link #rateWindow()}; one more closes it (1008 "Rate limit exceeded"). */
    @WithDefault("1000")
    int maxClientMessages();

    /** The window of {@link #maxClientMessages()} (seed 001: 1000 per 60 s). */
    @WithDefault("60S")
    Duration rateWindow();

    /** Event ids plus event types one {@code /ws} connection may subscribe to. */
    @WithDefault("1000")
    int maxSubscriptions();

    /** Live sockets this replica holds open; further upgrades get 503. */
    @WithDefault("20000")
    int maxConnections();

    /** The Kafka consumer that feeds every live socket of this replica. */
    Feed feed();

    /** Settings of the replica's own Kafka consumer (explicit partition assignment, no consumer group). */
    interface Feed {

        /** How long one poll waits for records. */
        @WithDefault("100MS")
        Duration pollTimeout();

        /** How often the broker is asked for the topics' partitions (outage detection, added partitions). */
        @WithDefault("5S")
        Duration probeInterval();

        /** How long that question may take before the broker counts as unreachable (clients get "paused"). */
        @WithDefault("3S")
        Duration probeTimeout();

        /**
         * Most records one poll returns. Of one event's datapoint records in a poll only the newest is routed, so a
         * large poll lets a feed that fell behind catch up quickly.
         */
        @WithDefault("10000")
        int maxPollRecords();
    }
}
