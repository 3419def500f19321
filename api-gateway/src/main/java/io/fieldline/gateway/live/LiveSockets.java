package io.fieldline.gateway.live;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.gateway.socket.SocketAuthentication;
import io.fieldline.gateway.socket.SocketsConfig;
import io.fieldline.model.ErrorBody;
import io.fieldline.support.http.ErrorResponses;
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Mounts the live sockets on the gateway's public port: seed 000's {@code /ws/datapoints/stream} and seed 002's
 * typed {@code /ws}. Like the telemetry socket, the upgrade is accepted first and the credential ({@code ?token=} or
 * {@code Authorization}) checked afterwards, a refusal closing the socket with 1008 and the seed's reason.
 */
@ApplicationScoped
public class LiveSockets {

    /** Seed 000's datapoint stream. */
    public static final String STREAM_PATH = "/ws/datapoints/stream";
    /** Seed 002's typed protocol. */
    public static final String TYPED_PATH = "/ws";

    /** Makes the connection object of one path. */
    @FunctionalInterface
    private interface ConnectionFactory {

        LiveConnection create(ServerWebSocket socket, Channel channel, Context context, LiveSockets sockets,
                Runnable onClosed);
    }

    private final LiveConfig config;
    private final SocketsConfig sockets;
    private final SocketAuthentication authentication;
    private final LiveIndex index;
    private final LiveFeed feed;
    private final AtomicInteger open = new AtomicInteger();

    LiveSockets(LiveConfig config, SocketsConfig sockets, SocketAuthentication authentication, LiveIndex index,
            LiveFeed feed) {
        this.config = config;
        this.sockets = sockets;
        this.authentication = authentication;
        this.index = index;
        this.feed = feed;
    }

    void register(@Observes Router router) {
        if (config.enabled()) {
            router.route(STREAM_PATH).handler(ctx -> upgrade(ctx, StreamConnection::new));
            router.route(TYPED_PATH).handler(ctx -> upgrade(ctx, TypedConnection::new));
        }
    }

    /** Live sockets open on this replica. */
    public int openConnections() {
        return open.get();
    }

    LiveConfig config() {
        return config;
    }

    SocketAuthentication authentication() {
        return authentication;
    }

    LiveIndex index() {
        return index;
    }

    LiveFeed feed() {
        return feed;
    }

    int maxMessageSize() {
        return sockets.maxMessageSize();
    }

    private void upgrade(RoutingContext ctx, ConnectionFactory factory) {
        HttpServerRequest request = ctx.request();
        if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            ErrorResponses.end(ctx.response(), ErrorBody.of(400, "WebSocket upgrade required."));
            return;
        }
        if (open.incrementAndGet() > config.maxConnections()) {
            open.decrementAndGet();
            ErrorResponses.end(ctx.response(), ErrorBody.of(503, "Too many live connections, retry later."));
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
            socket.pause(); // nothing is read before the caller is known
            Channel channel = LiveChannels.prepare(request);
            factory.create(socket, channel, context, this, open::decrementAndGet).open(authorization);
        });
    }
}
