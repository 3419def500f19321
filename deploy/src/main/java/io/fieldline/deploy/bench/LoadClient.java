package io.fieldline.deploy.bench;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The HTTP client that generates load: Vert.x on a single event loop with keep-alive connections. The JDK's
 * {@code HttpClient} spent about 0.4 ms of CPU per request (thread hand-offs, per-request futures), more than the
 * gateway it measured, on a box where the load generator shares two cores with the whole stack.
 */
final class LoadClient {

    /** A repeatable request: method, absolute URI, headers and an optional string body. */
    record Request(HttpMethod method, URI uri, Map<String, String> headers, Buffer body) {

        static Request get(URI uri, String bearerToken) {
            return new Request(HttpMethod.GET, uri, Map.of("Authorization", "Bearer " + bearerToken), null);
        }

        static Request postJson(URI uri, String bearerToken, String json) {
            Map<String, String> headers = bearerToken == null ? Map.of("Content-Type", "application/json")
                    : Map.of("Authorization", "Bearer " + bearerToken, "Content-Type", "application/json");
            return new Request(HttpMethod.POST, uri, headers, Buffer.buffer(json));
        }
    }

    /** A response: status and body (0 and the error text when there was no answer). */
    record Response(int status, String body) {
    }

    private static final int MAX_CONNECTIONS_PER_SERVER = 512;
    private static final LoadClient SHARED = new LoadClient();

    private final HttpClient client;

    private LoadClient() {
        Vertx vertx = ClientVertx.create(1);
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_SERVER));
    }

    /** The one client of this process (one event loop is plenty for a closed-loop load of a few hundred requests). */
    static LoadClient shared() {
        return SHARED;
    }

    /**
     * Downloads a body without keeping it (as a device streams firmware to flash), following redirects (ota-service's
     * signed links); the future completes with the number of bytes read, or fails on a transport error or a final
     * status other than 200.
     */
    CompletableFuture<Long> download(URI uri, String bearerToken) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri.toString())
                .putHeader("Authorization", "Bearer " + bearerToken).setIdleTimeout(60_000).setFollowRedirects(true);
        CompletableFuture<Long> result = new CompletableFuture<>();
        client.request(options).compose(HttpClientRequest::send).onComplete(answered -> {
            if (answered.failed() || answered.result().statusCode() != 200) {
                result.completeExceptionally(answered.failed() ? answered.cause()
                        : new IllegalStateException(uri + " answered " + answered.result().statusCode()));
                return;
            }
            long[] bytes = { 0 };
            HttpClientResponse response = answered.result();
            response.handler(chunk -> bytes[0] += chunk.length());
            response.exceptionHandler(result::completeExceptionally);
            response.endHandler(end -> result.complete(bytes[0]));
        });
        return result;
    }

    /**
     * Sends a request; the future completes with the response, or with status 0 on a transport error or when no
     * answer came within the request timeout.
     */
    CompletableFuture<Response> send(Request request) {
        long timeout = LoadRun.requestTimeout().toMillis();
        RequestOptions options = new RequestOptions().setMethod(request.method())
                .setAbsoluteURI(request.uri().toString()).setConnectTimeout(timeout).setIdleTimeout(timeout);
        request.headers().forEach(options::putHeader);
        CompletableFuture<Response> result = new CompletableFuture<>();
        client.request(options)
                .compose(outgoing -> request.body() == null ? outgoing.send() : outgoing.send(request.body()))
                .compose(incoming -> incoming.body().map(body -> new Response(incoming.statusCode(), body.toString())))
                .onComplete(done -> result.complete(done.succeeded() ? done.result()
                        : new Response(0, request.uri() + ": " + done.cause())));
        // The backstop: a bench run once died on a request whose future never completed (no timeout fired).
        return result.completeOnTimeout(new Response(0, request.uri() + ": no answer within " + timeout + " ms"),
                2 * timeout, TimeUnit.MILLISECONDS);
    }
}
