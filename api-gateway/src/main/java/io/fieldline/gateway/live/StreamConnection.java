package io.fieldline.gateway.live;

import java.time.Duration;
import java.util.List;

import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

/**
 * Seed 000's {@code /ws/datapoints/stream}: every datapoint of the connection's tenant as {@code datapoints_batch}
 * messages (no filtering), {@code ping} → {@code pong}; other well-formed messages are ignored as the seed does.
 */
final class StreamConnection extends LiveConnection {

    static final String CONNECTED = new JsonObject().put("type", "connected")
            .put("message", "Subscribed to live datapoint stream.").encode();
    private static final String PONG = new JsonObject().put("type", "pong").encode();
    private static final String BATCH_START = "{\"type\":\"datapoints_batch\",\"datapoints\":[";

    StreamConnection(ServerWebSocket socket, Channel channel, Context context, LiveSockets sockets,
            Runnable onClosed) {
        super(socket, channel, context, sockets, onClosed);
    }

    @Override
    protected String welcome() {
        return CONNECTED;
    }

    @Override
    protected Duration flushInterval() {
        return config.flushInterval();
    }

    @Override
    protected String status(boolean paused) {
        return new JsonObject().put("type", "status").put("status", paused ? "paused" : "resumed")
                .put("message", paused ? "Live data is paused: the event stream is unavailable."
                        : "Live data resumed.")
                .encode();
    }

    @Override
    protected String error(String message) {
        return new JsonObject().put("type", "error").put("message", message).encode();
    }

    @Override
    protected void handle(JsonObject message) {
        if ("ping".equals(message.getValue("type"))) {
            write(PONG);
        }
    }

    @Override
    protected boolean wants(LiveUpdate update) {
        return update instanceof LiveUpdate.Value;
    }

    @Override
    protected void writePending(List<LiveUpdate.Notice> notices, List<LiveUpdate.Value> values) {
        if (values.isEmpty()) {
            return;
        }
        StringBuilder batch = new StringBuilder(BATCH_START.length() + values.size() * 128).append(BATCH_START);
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                batch.append(',');
            }
            batch.append(values.get(i).streamItem());
        }
        write(batch.append("]}").toString());
    }
}
