package io.fieldline.gateway.socket;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/** A real WebSocket client for tests: collects the server's text messages and how the server closed the socket. */
final class TestSocket implements AutoCloseable {

    /** How the server closed the socket. */
    record Closed(Short code, String reason) {
    }

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Vertx vertx = Vertx.vertx();
    private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private TestSocket(URI gateway, String path, String authorization) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(gateway.getHost())
                .setPort(gateway.getPort()).setURI(path);
        if (authorization != null) {
            options.addHeader("Authorization", authorization);
        }
        // Handlers are set on the event loop as the handshake completes, before any frame can be missed.
        socket = client.connect(options).map(connected -> {
            connected.textMessageHandler(text -> messages.add(new JsonObject(text)));
            connected.closeHandler(
                    v -> closed.complete(new Closed(connected.closeStatusCode(), connected.closeReason())));
            return connected;
        }).toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Opens {@code path} (with its query) on the gateway; the upgrade itself must succeed. */
    static TestSocket open(URI gateway, String path) throws Exception {
        return new TestSocket(gateway, path, null);
    }

    /** Opens {@code path} presenting an Authorization header on the upgrade. */
    static TestSocket open(URI gateway, String path, String authorization) throws Exception {
        return new TestSocket(gateway, path, authorization);
    }

    void send(String text) {
        socket.writeTextMessage(text);
    }

    /** The next message from the server; fails the test when none arrives in time. */
    JsonObject next() throws InterruptedException {
        JsonObject message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message from the server within " + WAIT);
        }
        return message;
    }

    /** A message if one arrives within the time, else null. */
    JsonObject poll(Duration within) throws InterruptedException {
        return messages.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How the server closed the socket; fails the test when it stays open. */
    Closed awaitClose() throws Exception {
        return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void close() {
        vertx.close();
    }
}
