package io.fieldline.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.fieldline.testsupport.WebhookSignatures;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A real HTTP receiver on 127.0.0.1 for tests: records every request and answers per path as told (status, hang,
 * closed connection, huge body, redirect). Verifies signatures with its own HMAC code, independent of the service's.
 */
public final class Receiver implements AutoCloseable {

    /** What the receiver got. */
    public record Received(String path, Map<String, String> headers, String body, Instant at) {

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Integer, Behaviour>> behaviours = new ConcurrentHashMap<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> open = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxOpen = new ConcurrentHashMap<>();

    /** How to answer the n-th request to a path. */
    public enum Behaviour {
        OK, FAIL_500, GONE_410, HANG, CLOSE, HUGE_BODY, REDIRECT
    }

    // Its own Vert.x, apart from the service's: the receiver must not share event loops with the code under test.
    private static final Vertx VERTX = Vertx.vertx();

    public Receiver() {
        server = VERTX.createHttpServer().requestHandler(this::handle);
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The URL of a path on this receiver, e.g. {@code http://127.0.0.1:1234/hook}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    /** Answers requests to {@code path} by their 1-based number. */
    public void answer(String path, Function<Integer, Behaviour> behaviour) {
        behaviours.put(path, behaviour);
    }

    /** Everything received on a path, in arrival order. */
    public List<Received> on(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** The most requests to the path that were open (unanswered) at the same time. */
    public int maxConcurrent(String path) {
        return maxOpen.getOrDefault(path, 0);
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        int n = counts.merge(path, 1, Integer::sum);
        var openNow = open.computeIfAbsent(path, p -> new java.util.concurrent.atomic.AtomicInteger());
        maxOpen.merge(path, openNow.incrementAndGet(), Math::max);
        var finished = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable done = () -> {
            if (finished.compareAndSet(false, true)) {
                openNow.decrementAndGet();
            }
        };
        request.response().closeHandler(closed -> done.run());
        request.response().endHandler(ended -> done.run());
        Behaviour behaviour = behaviours.getOrDefault(path, i -> Behaviour.OK).apply(n);
        request.body().onSuccess(body -> {
            Map<String, String> headers = new ConcurrentHashMap<>();
            request.headers().forEach(h -> headers.merge(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue(),
                    (a, b) -> a + "," + b));
            received.add(new Received(path, headers, body.toString(UTF_8), Instant.now()));
            switch (behaviour) {
                case OK -> request.response().setStatusCode(200).end("{\"ok\":true}");
                case FAIL_500 -> request.response().setStatusCode(500).end("boom");
                case GONE_410 -> request.response().setStatusCode(410).end("gone");
                case HANG -> {
                    // never answers
                }
                case CLOSE -> request.connection().close();
                case HUGE_BODY -> hugeBody(request);
                case REDIRECT -> request.response().setStatusCode(302).putHeader("Location", url(path + "/moved"))
                        .end();
            }
        });
    }

    // 50 MB in 64 KB chunks, written as the client reads (a client that stops reading stops the writes).
    private static void hugeBody(HttpServerRequest request) {
        var response = request.response().setStatusCode(200).putHeader("Content-Length",
                Long.toString(50L * 1024 * 1024));
        Buffer chunk = Buffer.buffer(new byte[64 * 1024]).setString(0, "x".repeat(1024 * 64 - 1));
        writeChunks(response, chunk, 800);
    }

    private static void writeChunks(io.vertx.core.http.HttpServerResponse response, Buffer chunk, int left) {
        if (left == 0) {
            response.end();
            return;
        }
        response.write(chunk).onSuccess(done -> writeChunks(response, chunk, left - 1));
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- independent signature checks ----

    /** Seed 000: lowercase hex HMAC-SHA256(secret UTF-8, "<timestamp>.<body>") equals X-Webhook-Signature. */
    public static boolean seedSignatureValid(Received r, String secret) {
        return seedSignatureValid(r, secret, "x-webhook-signature");
    }

    public static boolean seedSignatureValid(Received r, String secret, String header) {
        return WebhookSignatures.seedValid(secret, r.header("x-webhook-timestamp"), r.body(), r.header(header));
    }

    /** Standard Webhooks: some v1 entry equals base64 HMAC-SHA256(base64-decoded whsec key, "id.ts.body"). */
    public static boolean standardSignatureValid(Received r, String secret) {
        return WebhookSignatures.standardValid(secret, r.header("webhook-id"), r.header("webhook-timestamp"),
                r.body(), r.header("webhook-signature"));
    }
}
