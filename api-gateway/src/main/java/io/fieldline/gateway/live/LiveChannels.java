package io.fieldline.gateway.live;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The Netty channel behind a live socket, which {@link LiveConnection} writes {@link SharedFrame}s to directly. Its
 * flushes are consolidated: Vert.x flushes every WebSocket message written outside a read, so a flush of ten values
 * cost ten {@code write(2)}s; a {@link FlushConsolidationHandler} at the socket end of the pipeline turns the flushes
 * of one event-loop task into one, issued right after that task. Vert.x offers no public way to reach the channel,
 * hence its connection class (a request not backed by one gets plain Vert.x writes, flushed one by one).
 * <p>
 * The server's idle-timeout handler leaves the pipeline: it turned every write's void promise into a real one with a
 * listener (objects and a callback per frame, 200,000 frames a second under bench-live) only to notice a connection
 * silent for {@code quarkus.http.idle-timeout}, and a live socket is never silent: it is pinged, and closed when the
 * pings go unanswered.
 */
final class LiveChannels {

    // Flush at the latest after this many consecutive flushes, so one long task cannot hold data back unboundedly.
    private static final int MOST_FLUSHES_HELD = 256;
    // The name Vert.x's HTTP server gives its IdleStateHandler.
    private static final String IDLE_HANDLER = "idle";

    private LiveChannels() {
    }

    /**
     * The channel behind the upgraded {@code request}, its flushes consolidated and its idle timeout gone from now on;
     * null when there is none.
     */
    static Channel prepare(HttpServerRequest request) {
        if (request.connection() instanceof ConnectionBase connection) {
            Channel channel = connection.channel();
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(IDLE_HANDLER) instanceof IdleStateHandler) {
                pipeline.remove(IDLE_HANDLER);
            }
            pipeline.addFirst(new FlushConsolidationHandler(MOST_FLUSHES_HELD, true));
            return channel;
        }
        return null;
    }
}
