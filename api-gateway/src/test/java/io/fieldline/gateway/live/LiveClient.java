package io.fieldline.gateway.live;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/** A real WebSocket client for the live sockets: collects messages (with their arrival time) and the close. */
final class LiveClient implements AutoCloseable {

    /** A server message and when it arrived ({@link System#nanoTime()}). */
    record Received(JsonObject message, long at) {
    }

    /** How the server closed the socket. */
    record Closed(Short code, String reason) {
    }

    static final Duration WAIT = Duration.ofSeconds(10);

    private final Vertx vertx = Vertx.vertx();
    private final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private volatile String extensions;

    private LiveClient(URI gateway, String path, String authorization, boolean compressed) throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(gateway.getHost())
                .setPort(gateway.getPort()).setURI(path);
        if (authorization != null) {
            options.addHeader("Authorization", authorization);
        }
        // Big enough for the large activity records of the slow-client test (Vert.x defaults: 64 KiB frames).
        socket = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(4_000_000)
                .setMaxMessageSize(4_000_000).setTryUsePerMessageCompression(compressed)).connect(options)
                .map(connected -> {
                    extensions = connected.headers() == null ? null
                            : connected.headers().get("sec-websocket-extensions");
                    if (connected.isClosed()) {
                        // A refused credential: the server's close frame can arrive before this callback runs.
                        closed.complete(new Closed(connected.closeStatusCode(), connected.closeReason()));
                        return connected;
                    }
                    connected.textMessageHandler(
                            text -> messages.add(new Received(new JsonObject(text), System.nanoTime())));
                    connected.closeHandler(
                            v -> closed.complete(new Closed(connected.closeStatusCode(), connected.closeReason())));
                    return connected;
                }).toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Opens {@code path} (with its query). */
    static LiveClient open(URI gateway, String path) throws Exception {
        return new LiveClient(gateway, path, null, false);
    }

    /** Opens {@code path} offering permessage-deflate, as browsers do. */
    static LiveClient openCompressed(URI gateway, String path) throws Exception {
        return new LiveClient(gateway, path, null, true);
    }

    /** Opens {@code path} presenting an Authorization header on the upgrade. */
    static LiveClient open(URI gateway, String path, String authorization) throws Exception {
        return new LiveClient(gateway, path, authorization, false);
    }

    void send(String text) {
        socket.writeTextMessage(text);
    }

    void send(JsonObject message) {
        send(message.encode());
    }

    /** Stops reading: the server's frames pile up in the TCP buffers. */
    void stopReading() {
        socket.pause();
    }

    void resumeReading() {
        socket.resume();
    }

    /** The next message; fails when none arrives in time. */
    JsonObject next() throws InterruptedException {
        return nextReceived().message();
    }

    Received nextReceived() throws InterruptedException {
        Received received = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (received == null) {
            throw new AssertionError("no message from the server within " + WAIT);
        }
        return received;
    }

    /** The next message of the given type, skipping others; fails when none arrives in time. */
    JsonObject next(String type) throws InterruptedException {
        return next(message -> type.equals(message.getString("type")), type);
    }

    /** The next message {@code match} accepts, skipping others; fails when none arrives in time. */
    JsonObject next(Predicate<JsonObject> match, String what) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            Received received = messages.poll(Math.max(1, (end - System.nanoTime()) / 1_000_000),
                    TimeUnit.MILLISECONDS);
            if (received != null && match.test(received.message())) {
                return received.message();
            }
        }
        throw new AssertionError("no " + what + " message from the server within " + WAIT);
    }

    /** A message if one arrives within the time, else null. */
    JsonObject poll(Duration within) throws InterruptedException {
        Received received = messages.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        return received == null ? null : received.message();
    }

    /** How the server closed the socket; fails when it stays open. */
    Closed awaitClose() throws Exception {
        return awaitClose(WAIT);
    }

    Closed awaitClose(Duration within) throws Exception {
        return closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The extensions the server agreed to in its handshake answer (e.g. {@code permessage-deflate}), or null. */
    String extensions() {
        return extensions;
    }

    boolean isOpen() {
        return !socket.isClosed() && !closed.isDone();
    }

    @Override
    public void close() {
        vertx.close();
    }
}
