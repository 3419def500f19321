package io.fieldline.gateway.socket;

import java.nio.charset.StandardCharsets;

import io.fieldline.model.Permission;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.jboss.logging.Logger;

/**
 * One {@code /ws/controller/telemetry} socket. Everything here runs on the socket's event loop, so the counters need
 * no locks. Backpressure: with {@code max-in-flight} forwards outstanding, or replies the client does not read, the
 * socket is paused (TCP pushes back on the device) until a forward completes or the replies drain.
 */
final class TelemetryConnection {

    private static final Logger LOG = Logger.getLogger(TelemetryConnection.class);
    // Seed 000 lets any authenticated user open the socket; Fieldline applies the HTTP batch path's rule.
    private static final Permission REQUIRED = Permission.WRITE_DATA;

    private final ServerWebSocket socket;
    private final Context context;
    private final SocketAuthentication authentication;
    private final IngestForwarder forwarder;
    private final SocketsConfig config;
    private final Runnable onClosed;
    private SocketGuard guard;
    private int inFlight;
    private boolean paused = true;
    private boolean closed;

    TelemetryConnection(ServerWebSocket socket, Context context, SocketAuthentication authentication,
            IngestForwarder forwarder, SocketsConfig config, Runnable onClosed) {
        this.socket = socket;
        this.context = context;
        this.authentication = authentication;
        this.forwarder = forwarder;
        this.config = config;
        this.onClosed = onClosed;
    }

    /** Authenticates the (paused) socket, then starts reading it; refused credentials close it with 1008. */
    void open(String authorization) {
        socket.closeHandler(v -> closed());
        socket.exceptionHandler(failure -> LOG.debugf("Telemetry socket failed: %s", failure));
        authentication.authenticate(authorization, REQUIRED)
                .emitOn(task -> context.runOnContext(v -> task.run()))
                .subscribe().with(caller -> {
                    if (closed) {
                        return;
                    }
                    guard = authentication.guard(context, authorization, REQUIRED, caller, this::close);
                    socket.textMessageHandler(this::onMessage);
                    socket.binaryMessageHandler(data -> onMessage(data.toString(StandardCharsets.UTF_8)));
                    socket.drainHandler(v -> resumeIfIdle());
                    resumeIfIdle();
                }, failure -> {
                    SocketRefusal refusal = SocketRefusal.of(failure);
                    close(refusal.code(), refusal.reason());
                });
    }

    private void onMessage(String text) {
        TelemetryMessage message = TelemetryMessage.parse(text, config.maxMessageSize(),
                config.telemetry().maxBatchSize());
        if (message instanceof TelemetryMessage.Batch batch) {
            forward(batch);
        } else if (message instanceof TelemetryMessage.Invalid invalid) {
            reply(TelemetryReplies.error(invalid.message(), invalid.id()));
        }
    }

    private void forward(TelemetryMessage.Batch batch) {
        inFlight++;
        pauseIfBusy();
        forwarder.forward(guard.caller(), batch.datapoints())
                .onComplete(result -> forwarded(result, batch.id()));
    }

    private void forwarded(AsyncResult<IngestForwarder.Outcome> result, Object id) {
        inFlight--;
        if (result.result() instanceof IngestForwarder.Accepted accepted) {
            reply(accepted.accepted() == 0
                    ? TelemetryReplies.noValidDatapoints(accepted.rejected(), id)
                    : TelemetryReplies.ack(accepted.accepted(), accepted.rejected(), id));
        } else if (result.result() instanceof IngestForwarder.Refused refused) {
            reply(TelemetryReplies.refused(refused.status(), refused.message(), id));
        }
        resumeIfIdle();
    }

    private void reply(JsonObject message) {
        if (!closed) {
            socket.writeTextMessage(message.encode());
            pauseIfBusy();
        }
    }

    private void pauseIfBusy() {
        if (!paused && (inFlight >= config.telemetry().maxInFlight() || socket.writeQueueFull())) {
            paused = true;
            socket.pause();
        }
    }

    private void resumeIfIdle() {
        if (paused && !closed && inFlight < config.telemetry().maxInFlight() && !socket.writeQueueFull()) {
            paused = false;
            socket.resume();
        }
    }

    private void close(short code, String reason) {
        if (!closed && !socket.isClosed()) {
            socket.close(code, reason);
        }
    }

    private void closed() {
        if (closed) {
            return;
        }
        closed = true;
        if (guard != null) {
            guard.stop();
        }
        onClosed.run();
    }

    /** The replies a telemetry socket sends. */
    static final class TelemetryReplies {

        private TelemetryReplies() {
        }

        static JsonObject error(String message, Object id) {
            return withId(new JsonObject().put("type", "error").put("message", message), id);
        }

        static JsonObject noValidDatapoints(JsonArray rejected, Object id) {
            return error("No valid datapoints in batch", id).put("rejected", rejected);
        }

        static JsonObject refused(int status, String message, Object id) {
            return error(message, id).put("status", status);
        }

        static JsonObject ack(int accepted, JsonArray rejected, Object id) {
            return withId(new JsonObject().put("type", "ack").put("accepted", accepted).put("rejected", rejected), id);
        }

        private static JsonObject withId(JsonObject reply, Object id) {
            return id == null ? reply : reply.put("id", id);
        }
    }
}
