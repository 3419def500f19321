package io.fieldline.ota.artifact.s3;

import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The few S3 calls the artifact store needs (PUT of a file, HEAD, streamed GET, DELETE, presigned GET), over Vert.x's
 * HTTP client with SigV4 header authentication. Every call has a timeout and is reset when it passes; bodies stream
 * (a file up, chunks into a digest down), error bodies are read up to a few KB for their S3 error code.
 */
final class S3ObjectClient {

    private static final int MAX_ERROR_BODY = 4096;
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]{1,100})</Code>");

    private final Vertx vertx;
    private final HttpClient client;
    private final S3Address address;
    private final SigV4Signer signer;
    private final Clock clock;
    private final Duration requestTimeout;
    private final Duration transferTimeout;

    S3ObjectClient(Vertx vertx, S3Address address, SigV4Signer signer, Clock clock, Duration connectTimeout,
            Duration requestTimeout, Duration transferTimeout) {
        this.vertx = vertx;
        this.address = address;
        this.signer = signer;
        this.clock = clock;
        this.requestTimeout = requestTimeout;
        this.transferTimeout = transferTimeout;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setVerifyHost(true)
                .setMaxPoolSize(32)
                // Bounded: callers beyond this many waiting for a connection fail at once instead of queueing.
                .setMaxWaitQueueSize(1000));
    }

    void close() {
        client.close();
    }

    /** Uploads a file as the object {@code key} in one PUT, signed with the file's SHA-256. */
    Uni<Void> put(String key, Path file, long size, String sha256) {
        Map<String, String> headers = Map.of("host", address.hostHeader(), "content-length", Long.toString(size),
                "content-type", "application/octet-stream");
        return exchange(HttpMethod.PUT, key, headers, sha256, transferTimeout, request -> vertx.fileSystem()
                .open(file.toString(), new OpenOptions().setRead(true))
                .compose(body -> request.send(body)
                        // At once: the response must not end before its handlers are set.
                        .compose(response -> expect(response, HttpMethod.PUT, key, 200))
                        .onComplete(done -> body.close())));
    }

    /** The object's size, or empty if there is no such object. */
    Uni<Optional<Long>> size(String key) {
        return exchange(HttpMethod.HEAD, key, Map.of("host", address.hostHeader()), SigV4Signer.EMPTY_SHA256,
                requestTimeout, request -> request.send().compose(response -> {
                    if (response.statusCode() == 404) {
                        return response.end().map(v -> Optional.<Long>empty());
                    }
                    String length = response.getHeader("Content-Length");
                    return expect(response, HttpMethod.HEAD, key, 200)
                            .map(v -> Optional.of(length == null ? 0L : Long.parseLong(length)));
                }));
    }

    /** The object's SHA-256, hashed as its chunks arrive; empty if there is no such object. */
    Uni<Optional<String>> sha256(String key) {
        return exchange(HttpMethod.GET, key, Map.of("host", address.hostHeader()), SigV4Signer.EMPTY_SHA256,
                transferTimeout, request -> request.send().compose(response -> {
                    if (response.statusCode() != 200) {
                        return response.statusCode() == 404
                                ? response.end().map(v -> Optional.<String>empty())
                                : expect(response, HttpMethod.GET, key, 200).map(v -> Optional.<String>empty());
                    }
                    MessageDigest digest = sha256Digest();
                    // A chunk (a few KB) hashes in microseconds: fine on the event loop, as in HashingWriter.
                    response.handler(chunk -> digest.update(chunk.getByteBuf().nioBuffer()));
                    return response.end().map(v -> Optional.of(HexFormat.of().formatHex(digest.digest())));
                }));
    }

    /** Deletes the object; a missing object is no error. */
    Uni<Void> delete(String key) {
        return exchange(HttpMethod.DELETE, key, Map.of("host", address.hostHeader()), SigV4Signer.EMPTY_SHA256,
                requestTimeout, request -> request.send()
                        .compose(response -> expect(response, HttpMethod.DELETE, key, 204, 200, 404)));
    }

    /** A URL that lets its holder GET the object (with ranges) for {@code lifetime}. */
    URI presignedGet(String key, Duration lifetime) {
        return address.url(key, signer.presignQuery("GET", address.path(key), address.hostHeader(), lifetime,
                clock.instant()));
    }

    private <T> Uni<T> exchange(HttpMethod method, String key, Map<String, String> headers, String payloadHash,
            Duration timeout, Function<HttpClientRequest, Future<T>> send) {
        String path = address.path(key);
        RequestOptions options = new RequestOptions().setMethod(method).setHost(address.host())
                .setPort(address.port()).setSsl(address.tls()).setURI(path).setFollowRedirects(false)
                .setIdleTimeout(requestTimeout.toMillis());
        signer.sign(method.name(), path, headers, payloadHash, clock.instant()).forEach(options::putHeader);
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        Future<T> result = client.request(options).compose(request -> {
            sent.set(request);
            return send.apply(request);
        });
        // A call that timed out or is no longer wanted stops sending and receiving (a no-op once it is complete).
        Runnable abandon = () -> {
            HttpClientRequest request = sent.get();
            if (request != null) {
                request.reset();
            }
        };
        return UniHelper.toUni(result)
                .ifNoItem().after(timeout).failWith(() -> new S3Failure(method + " of " + key + " timed out after "
                        + timeout))
                .onFailure().invoke(abandon)
                .onCancellation().invoke(abandon)
                .onFailure(e -> !(e instanceof S3Failure))
                .transform(e -> new S3Failure(method + " of " + key + " failed: " + e, e));
    }

    // Succeeds once a response with one of the statuses has ended; otherwise fails with the S3 error code.
    private static Future<Void> expect(HttpClientResponse response, HttpMethod method, String key, int... ok) {
        for (int status : ok) {
            if (response.statusCode() == status) {
                response.handler(ignored -> {
                });
                return response.end();
            }
        }
        Buffer head = Buffer.buffer();
        response.handler(chunk -> {
            int room = MAX_ERROR_BODY - head.length();
            if (room > 0) {
                head.appendBuffer(chunk, 0, Math.min(room, chunk.length()));
            }
        });
        return response.end().transform(ended -> {
            Matcher code = ERROR_CODE.matcher(head.toString());
            return Future.failedFuture(new S3Failure(method + " of " + key + " answered " + response.statusCode()
                    + (code.find() ? " " + code.group(1) : "")));
        });
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** An S3 call failed: its status and S3 error code, or the cause (never a credential). */
    static final class S3Failure extends RuntimeException {

        S3Failure(String message) {
            super("S3 " + message, null, false, false);
        }

        S3Failure(String message, Throwable cause) {
            super("S3 " + message, cause, false, false);
        }
    }
}
