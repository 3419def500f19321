package io.fieldline.webhook.delivery.dispatch;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.webhook.WebhookConfig;
import io.fieldline.webhook.delivery.store.LeasedDelivery;
import io.fieldline.webhook.signing.SecretCipher;
import io.fieldline.webhook.signing.Signatures;
import io.netty.channel.ConnectTimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Makes one signed attempt: checks the target (SSRF), connects to the checked address, POSTs the body with both
 * signature schemes, never follows a redirect, reads at most the excerpt of the answer (a larger body is cut off by
 * closing the connection), and gives up after the total timeout.
 */
@ApplicationScoped
public class Sender {

    static final String USER_AGENT = "Fieldline-Webhooks/1";

    private final Vertx vertx;
    private final HttpClient client;
    private final TargetGuard guard;
    private final SecretCipher cipher;
    private final WebhookConfig config;

    Sender(Vertx vertx, TargetGuard guard, SecretCipher cipher, WebhookConfig config) {
        this.vertx = vertx;
        this.guard = guard;
        this.cipher = cipher;
        this.config = config;
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setIdleTimeout(30)
                // The client connects to the checked IP; SNI and certificate checks use the URL's host.
                .setForceSni(true)
                .setVerifyHost(true)
                .setMaxInitialLineLength(4096)
                .setMaxHeaderSize(16 * 1024);
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerHost())
                .setMaxWaitQueueSize(config.maxInFlight());
        this.client = vertx.createHttpClient(options, pool);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** One attempt of the delivery, signed now; never fails (every problem is a {@link Response} with an error). */
    Uni<Response> send(LeasedDelivery delivery) {
        long start = System.nanoTime();
        URI url = URI.create(delivery.url());
        return guard.resolve(url.getHost())
                .flatMap(address -> Uni.createFrom().<Response>emitter(emitter -> post(delivery, url, address, start)
                        .future().onComplete(done -> emitter.complete(done.result()))))
                .onFailure().recoverWithItem(failure -> new Response(null, error(failure), null, elapsed(start)));
    }

    private Promise<Response> post(LeasedDelivery delivery, URI url, InetAddress address, long start) {
        Promise<Response> result = Promise.promise();
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(url.getHost()).setPort(port).setSsl(https).setURI(path).setFollowRedirects(false);
        signedHeaders(delivery).forEach(h -> request.putHeader(h[0], h[1]));
        long timer = vertx.setTimer(config.requestTimeout().toMillis(),
                id -> result.tryFail(new TimeoutException("Timeout")));
        client.request(request).onComplete(requested -> {
            if (requested.failed()) {
                result.tryFail(requested.cause());
                return;
            }
            HttpClientRequest req = requested.result();
            result.future().onFailure(failure -> req.reset());
            req.send(Buffer.buffer(delivery.payload())).onComplete(answered -> {
                if (answered.failed()) {
                    result.tryFail(answered.cause());
                    return;
                }
                var response = answered.result();
                int limit = config.responseExcerptBytes();
                Buffer excerpt = Buffer.buffer();
                response.handler(chunk -> {
                    int room = limit - excerpt.length();
                    excerpt.appendBuffer(chunk, 0, Math.max(0, Math.min(room, chunk.length())));
                    if (chunk.length() > room && !result.future().isComplete()) {
                        // Enough read: finish now and drop the connection instead of reading the rest.
                        result.tryComplete(response(response.statusCode(), excerpt, start));
                        req.reset();
                    }
                });
                response.endHandler(end -> result.tryComplete(response(response.statusCode(), excerpt, start)));
                response.exceptionHandler(result::tryFail);
            });
        });
        Promise<Response> done = Promise.promise();
        result.future().onComplete(outcome -> {
            vertx.cancelTimer(timer);
            done.complete(outcome.succeeded() ? outcome.result()
                    : new Response(null, error(outcome.cause()), null, elapsed(start)));
        });
        return done;
    }

    /** The headers of seed 000 and Standard Webhooks, signed with the current (and during a grace, the old) secret. */
    List<String[]> signedHeaders(LeasedDelivery delivery) {
        long timestamp = System.currentTimeMillis() / 1000;
        String secret = cipher.decrypt(delivery.secretEnc());
        String previous = delivery.previousSecretEnc() != null && delivery.previousSecretUntil() != null
                && delivery.previousSecretUntil().isAfter(java.time.Instant.now())
                        ? cipher.decrypt(delivery.previousSecretEnc())
                        : null;
        List<String[]> headers = new ArrayList<>(8);
        headers.add(new String[]{ "Content-Type", "application/json" });
        headers.add(new String[]{ "User-Agent", USER_AGENT });
        headers.add(new String[]{ "X-Webhook-Timestamp", Long.toString(timestamp) });
        // Seed receivers compare one digest: during a rotation grace it stays the old secret's, so they keep
        // working until the grace ends; the new secret's digest rides along for receivers already switched.
        headers.add(new String[]{ "X-Webhook-Signature",
                Signatures.seed(previous != null ? previous : secret, timestamp, delivery.payload()) });
        if (previous != null) {
            headers.add(new String[]{ "X-Webhook-Signature-Next",
                    Signatures.seed(secret, timestamp, delivery.payload()) });
        }
        headers.add(new String[]{ "webhook-id", delivery.messageId() });
        headers.add(new String[]{ "webhook-timestamp", Long.toString(timestamp) });
        headers.add(new String[]{ "webhook-signature", Signatures.standardHeader(
                previous != null ? List.of(secret, previous) : List.of(secret), delivery.messageId(), timestamp,
                delivery.payload()) });
        return headers;
    }

    private static Response response(int status, Buffer excerpt, long start) {
        // PostgreSQL text cannot hold NUL characters.
        String text = excerpt.length() == 0 ? null : new String(excerpt.getBytes(), UTF_8).replace('\u0000', ' ');
        String error = status >= 200 && status < 300 ? null : "HTTP " + status;
        return new Response(status, error, text, elapsed(start));
    }

    private static String error(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "Timeout";
        }
        if (failure instanceof ConnectTimeoutException) {
            return "Timeout: connect";
        }
        if (failure instanceof TargetGuard.BlockedTarget blocked) {
            return "Blocked: " + blocked.getMessage();
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        message = message.replace('\u0000', ' ');
        return "Transport error: " + (message.length() > 300 ? message.substring(0, 300) : message);
    }

    private static int elapsed(long start) {
        return (int) ((System.nanoTime() - start) / 1_000_000);
    }
}
