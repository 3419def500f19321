package io.fieldline.ota.fetch;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.ota.OtaConfig;
import io.fieldline.ota.artifact.HashingWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Downloads a firmware file from a {@code download_url} into a temp file, under SSRF protection: the host is resolved
 * first, every resolved address must pass the {@link TargetGuard}, and the connection goes to the checked address
 * (the name is kept for Host and TLS SNI), so a second DNS answer cannot point elsewhere. Redirects are not followed
 * (a 3xx is a failed download). The whole download has a timeout and a size limit.
 */
@ApplicationScoped
public class FirmwareFetcher {

    private final Vertx vertx;
    private final HttpClient client;
    private final TargetGuard guard;
    private final OtaConfig.Download config;
    private final long limit;

    FirmwareFetcher(Vertx vertx, OtaConfig config) {
        this.vertx = vertx;
        this.config = config.download();
        this.limit = config.storage().maxArtifactSize().asLongValue();
        this.guard = new TargetGuard(this.config.allowPrivateTargets());
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) this.config.connectTimeout().toMillis())
                .setTrustAll(false)
                .setVerifyHost(true));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * Fetches {@code url} into {@code target}; fails with {@link FetchFailed} (its message is the error to record)
     * or {@link HashingWriter.TooLarge}.
     */
    public Uni<HashingWriter.Written> fetch(String url, Path target) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(new FetchFailed("download_failed: invalid URL"));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return Uni.createFrom().failure(new FetchFailed("download_failed: only http(s) URLs are allowed"));
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        Future<HashingWriter.Written> download = resolve(uri.getHost())
                .compose(address -> {
                    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                            .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                            .setHost(uri.getHost()).setPort(port).setSsl(tls)
                            .setURI(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/"
                                    : uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
                            .setFollowRedirects(false)
                            .setTimeout(config.timeout().toMillis());
                    return client.request(options);
                })
                .compose(request -> request.send())
                .compose(response -> {
                    if (response.statusCode() != 200) {
                        response.request().reset();
                        return Future.failedFuture(new FetchFailed("download_failed: status "
                                + response.statusCode()));
                    }
                    response.pause();
                    return HashingWriter.write(vertx, response, target, limit);
                });
        return Uni.createFrom().completionStage(download.toCompletionStage())
                .ifNoItem().after(config.timeout()).failWith(() -> new FetchFailed("download_failed: timeout"))
                .onFailure(e -> !(e instanceof FetchFailed) && !(e instanceof HashingWriter.TooLarge))
                .transform(e -> new FetchFailed("download_failed: " + e.getClass().getSimpleName()));
    }

    // DNS lookups block: resolve on a worker thread, then check every address (a name with one private address among
    // public ones is refused).
    private Future<InetAddress> resolve(String host) {
        return vertx.executeBlocking(() -> {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new FetchFailed("download_failed: unknown host");
            }
            for (InetAddress address : addresses) {
                String refusal = guard.refusal(address);
                if (refusal != null) {
                    throw new FetchFailed("download_failed: target not allowed (" + refusal + ")");
                }
            }
            return addresses[0];
        }, false);
    }

    /** The download failed; the message is what the update record and the 400 answer say. */
    public static final class FetchFailed extends RuntimeException {

        public FetchFailed(String message) {
            super(message, null, false, false);
        }
    }
}
