package io.fieldline.ota.artifact;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.model.ErrorBody;
import io.fieldline.ota.OtaAccess;
import io.fieldline.ota.RouteFailures;
import io.fieldline.ota.firmware.service.FirmwareErrors;
import io.fieldline.ota.firmware.service.FirmwareService;
import io.fieldline.ota.firmware.store.StoredFirmware;
import io.fieldline.support.http.BodyLimit;
import io.fieldline.support.http.ErrorResponses;
import io.fieldline.support.identity.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/ota/{id}/download}: a firmware artifact for devices (read_data), streamed from disk with
 * sendFile (zero-copy where the OS allows), with single byte ranges (206) so an interrupted download resumes. The
 * ETag is the artifact's SHA-256; {@code If-Range} with another ETag gets the whole file.
 */
@ApplicationScoped
public class DownloadRoute {

    static final String PATH = "/api/v1/ota/:id/download";

    private final FirmwareService firmware;
    private final ArtifactStorage artifacts;

    DownloadRoute(FirmwareService firmware, ArtifactStorage artifacts) {
        this.firmware = firmware;
        this.artifacts = artifacts;
    }

    // Before the JAX-RS routes, which would answer the unknown sub-path with 404.
    void register(@Observes Router router) {
        router.get(PATH).order(BodyLimit.OVERRIDE_ROUTE_ORDER).handler(this::download);
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
        firmware.find(caller.tenant(), publicId)
                .flatMap(found -> locate(found).map(file -> new Found(found, file)))
                .subscribe().with(found -> send(ctx, found), failure -> RouteFailures.end(ctx, failure));
    }

    private Uni<ArtifactStorage.StoredArtifact> locate(StoredFirmware found) {
        if (!found.hasFirmwareFile()) {
            return Uni.createFrom().failure(FirmwareErrors.noFile(found.publicId()));
        }
        return artifacts.locate(found.artifactKey())
                .map(file -> file.orElseThrow(() -> FirmwareErrors.noFile(found.publicId())));
    }

    private static void send(RoutingContext ctx, Found found) {
        HttpServerResponse response = ctx.response();
        long size = found.file().size();
        String etag = "\"" + found.firmware().fileHashSha256() + "\"";
        response.putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
                .putHeader(HttpHeaders.ETAG, etag)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream")
                .putHeader("Content-Disposition",
                        "attachment; filename=\"firmware-" + found.firmware().version() + ".bin\"");
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
            response.sendFile(found.file().file().toString());
            return;
        }
        ByteRange r = range.get();
        response.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE, r.contentRange(size));
        response.sendFile(found.file().file().toString(), r.start(), r.length());
    }

    private record Found(StoredFirmware firmware, ArtifactStorage.StoredArtifact file) {
    }
}
