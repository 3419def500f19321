package io.fieldline.gateway.live;

import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Lets the messages a live connection writes in one go leave in one system call. Vert.x flushes every WebSocket
 * message written outside a read, so a flush of ten values cost ten {@code write(2)}s; a
 * {@link FlushConsolidationHandler} at the socket end of the connection's pipeline turns the flushes of one event-loop
 * task into one, issued right after that task. Vert.x offers no public way to hold back a flush, hence its
 * connection class (when the request is not backed by one, messages are flushed one by one as before).
 */
final class FlushBatching {

    // Flush at the latest after this many consecutive flushes, so one long task cannot hold data back unboundedly.
    private static final int MOST_FLUSHES_HELD = 256;

    private FlushBatching() {
    }

    /** Consolidates the flushes of the connection behind {@code request} from now on. */
    static void install(HttpServerRequest request) {
        if (request.connection() instanceof ConnectionBase connection) {
            connection.channel().pipeline().addFirst(new FlushConsolidationHandler(MOST_FLUSHES_HELD, true));
        }
    }
}
