package io.fieldline.ota.artifact;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.model.ErrorBody;
import io.fieldline.model.TenantId;
import io.fieldline.ota.OtaAccess;
import io.fieldline.ota.RouteFailures;
import io.fieldline.ota.firmware.service.FirmwareErrors;
import io.fieldline.ota.firmware.service.FirmwareService;
import io.fieldline.ota.firmware.store.StoredFirmware;
import io.fieldline.support.http.BodyLimit;
import io.fieldline.support.http.ErrorResponses;
import io.fieldline.support.identity.Caller;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/ota/{id}/download}: a firmware artifact for devices (read_data), streamed from disk with
 * sendFile (zero-copy where the OS allows), with single byte ranges (206) so an interrupted download resumes. The
 * ETag is the artifact's SHA-256; {@code If-Range} with another ETag gets the whole file. With signed download links
 * configured ({@link ArtifactLinks}) it answers 307 to a link instead, and serves the link's path the same way, so
 * the bytes do not pass through the gateway. With the S3 store it answers 307 to a presigned URL of the object (the
 * store serves ranges itself).
 */
@ApplicationScoped
public class DownloadRoute {

    static final String PATH = "/api/v1/ota/:id/download";
    static final String LINK_PATH = ArtifactLinks.PATH_PREFIX + ":tenant/:id";
    /** Before service-support's CredentialRequired (90,000) and Quarkus' authentication. */
    private static final int LINK_FILTER_PRIORITY = 100_000;

    private final FirmwareService firmware;
    private final ArtifactStorage artifacts;
    private final ArtifactLinks links;

    DownloadRoute(FirmwareService firmware, ArtifactStorage artifacts, ArtifactLinks links) {
        this.firmware = firmware;
        this.artifacts = artifacts;
        this.links = links;
    }

    // A link is its own credential: an Authorization header a device's client carried over from the redirect (meant
    // for the gateway) is dropped before Quarkus' authentication would refuse it.
    void ignoreCredentialsOnLinks(@Observes Filters filters) {
        filters.register(ctx -> {
            if (links.enabled() && ctx.normalizedPath().startsWith(ArtifactLinks.PATH_PREFIX)) {
                ctx.request().headers().remove(HttpHeaders.AUTHORIZATION);
            }
            ctx.next();
        }, LINK_FILTER_PRIORITY);
    }

    // Before the JAX-RS routes, which would answer the unknown sub-path with 404.
    void register(@Observes Router router) {
        router.get(PATH).order(BodyLimit.OVERRIDE_ROUTE_ORDER).handler(this::download);
        if (links.enabled()) {
            router.get(LINK_PATH).order(BodyLimit.OVERRIDE_ROUTE_ORDER).handler(this::downloadByLink);
        }
    }

    private void download(RoutingContext ctx) {
        String publicId = ctx.pathParam("id");
        Caller caller;
        try {
            caller = OtaAccess.of(ctx);
            OtaAccess.requireRead(caller);
        } catch (RuntimeException e) {
            RouteFailures.end(ctx, e);
            return;
        }
        artifactOf(caller.tenant(), publicId).subscribe().with(found -> {
            if (links.enabled() && found.artifact() instanceof ArtifactStorage.LocalFile) {
                redirect(ctx, links.linkFor(caller.tenant(), publicId));
            } else {
                deliver(ctx, found);
            }
        }, failure -> RouteFailures.end(ctx, failure));
    }

    private void downloadByLink(RoutingContext ctx) {
        Optional<ArtifactLinks.Target> target = links.verify(ctx.pathParam("tenant"), ctx.pathParam("id"),
                ctx.request().getParam("expires"), ctx.request().getParam("signature"));
        if (target.isEmpty()) {
            ErrorResponses.end(ctx.response(), ErrorBody.of(403, "Invalid or expired download link."));
            return;
        }
        artifactOf(target.get().tenant(), target.get().firmwarePublicId())
                .subscribe().with(found -> deliver(ctx, found), failure -> RouteFailures.end(ctx, failure));
    }

    /** The tenant's firmware with its stored artifact; 404 when either is missing. */
    private Uni<Found> artifactOf(TenantId tenant, String firmwarePublicId) {
        return firmware.find(tenant, firmwarePublicId)
                .flatMap(found -> locate(found).map(file -> new Found(found, file)));
    }

    private static void redirect(RoutingContext ctx, URI link) {
        // 307 keeps the method and the client's Range header; the link is the caller's alone, never cached.
        ctx.response().setStatusCode(307).putHeader(HttpHeaders.LOCATION, link.toString())
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
    }

    private Uni<ArtifactStorage.StoredArtifact> locate(StoredFirmware found) {
        if (!found.hasFirmwareFile()) {
            return Uni.createFrom().failure(FirmwareErrors.noFile(found.publicId()));
        }
        return artifacts.locate(found.artifactKey())
                .map(file -> file.orElseThrow(() -> FirmwareErrors.noFile(found.publicId())));
    }

    // An object store serves its own objects (ranges included) by presigned URL; a local file is sent from here.
    private static void deliver(RoutingContext ctx, Found found) {
        if (found.artifact() instanceof ArtifactStorage.RemoteObject remote) {
            redirect(ctx, remote.url());
        } else if (found.artifact() instanceof ArtifactStorage.LocalFile local) {
            send(ctx, found.firmware(), local);
        }
    }

    private static void send(RoutingContext ctx, StoredFirmware firmware, ArtifactStorage.LocalFile file) {
        HttpServerResponse response = ctx.response();
        long size = file.size();
        String etag = "\"" + firmware.fileHashSha256() + "\"";
        response.putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
                .putHeader(HttpHeaders.ETAG, etag)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream")
                .putHeader("Content-Disposition",
                        "attachment; filename=\"firmware-" + firmware.version() + ".bin\"");
        String ifRange = ctx.request().getHeader("If-Range");
        Optional<ByteRange> range;
        try {
            range = ifRange == null || ifRange.equals(etag)
                    ? ByteRange.parse(ctx.request().getHeader("Range"), size)
                    : Optional.empty();
        } catch (ByteRange.Unsatisfiable e) {
            response.putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
            ErrorResponses.end(response, ErrorBody.of(416, e.getMessage()));
            return;
        }
        if (range.isEmpty()) {
            response.sendFile(file.file().toString());
            return;
        }
        ByteRange r = range.get();
        response.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE, r.contentRange(size));
        response.sendFile(file.file().toString(), r.start(), r.length());
    }

    private record Found(StoredFirmware firmware, ArtifactStorage.StoredArtifact artifact) {
    }
}
