package io.fieldline.gateway.socket;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.model.ErrorBody;
import io.fieldline.support.http.ErrorResponses;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Seed 000's ingest socket {@code /ws/controller/telemetry?token=…} on the gateway's public port: accepts the
 * upgrade first and then authenticates (closing with 1008 and the seed's reason when refused), then forwards each
 * {@code {"datapoints":[…]}} message to ingest-service as a batch and answers with an ack or an error message.
 */
@ApplicationScoped
public class TelemetrySocket {

    /** The socket's path. */
    public static final String PATH = "/ws/controller/telemetry";

    private final SocketAuthentication authentication;
    private final IngestForwarder forwarder;
    private final SocketsConfig config;
    private final AtomicInteger open = new AtomicInteger();

    TelemetrySocket(SocketAuthentication authentication, IngestForwarder forwarder, SocketsConfig config) {
        this.authentication = authentication;
        this.forwarder = forwarder;
        this.config = config;
    }

    void register(@Observes Router router) {
        router.route(PATH).handler(this::upgrade);
    }

    /** Telemetry sockets open on this replica. */
    public int openConnections() {
        return open.get();
    }

    private void upgrade(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            ErrorResponses.end(ctx.response(), ErrorBody.of(400, "WebSocket upgrade required."));
            return;
        }
        if (open.incrementAndGet() > config.telemetry().maxConnections()) {
            open.decrementAndGet();
            ErrorResponses.end(ctx.response(), ErrorBody.of(503, "Too many telemetry connections, retry later."));
            return;
        }
        String authorization = SocketAuthentication.credential(request);
        Context context = Vertx.currentContext();
        request.toWebSocket().onComplete(upgraded -> {
            if (upgraded.failed()) {
                open.decrementAndGet();
                return;
            }
            ServerWebSocket socket = upgraded.result();
            socket.pause(); // nothing is read before the sender is known
            new TelemetryConnection(socket, context, authentication, forwarder, config, open::decrementAndGet)
                    .open(authorization);
        });
    }
}
