package io.fieldline.ota.artifact;

import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.model.SuccessMessage;
import io.fieldline.model.TenantId;
import io.fieldline.ota.RouteFailures;
import io.fieldline.ota.firmware.service.ArtifactKeys;
import io.fieldline.ota.firmware.service.FirmwareErrors;
import io.fieldline.ota.firmware.service.FirmwareService;
import io.fieldline.ota.firmware.store.FirmwareStore;
import io.fieldline.ota.firmware.store.StoredFirmware;
import io.fieldline.support.http.BodyLimit;
import io.fieldline.support.identity.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/ota/{id}/upload} (multipart, part {@code file}): streams the artifact to a temp file while
 * computing its SHA-256, checks it against the declared hash (form field {@code file_hash_sha256}, else the record's),
 * and only then moves it into the store and records it. A body over the limit (413), a cut-off body or a hash
 * mismatch (400) leaves nothing behind. A record keeps its first artifact (a second upload is a 409).
 */
@ApplicationScoped
public class UploadRoute {

    static final String PATH = "/api/v1/ota/:id/upload";
    private static final String HASH_FIELD = "file_hash_sha256";

    private final FirmwareService firmware;
    private final FirmwareStore store;
    private final ArtifactStorage artifacts;
    private final FilePart files;

    UploadRoute(FirmwareService firmware, FirmwareStore store, ArtifactStorage artifacts, FilePart files) {
        this.firmware = firmware;
        this.store = store;
        this.artifacts = artifacts;
        this.files = files;
    }

    // At BodyLimit's override order: after authentication, before Quarkus refuses bodies over the 1 MB default.
    void register(@Observes Router router) {
        router.post(PATH).order(BodyLimit.OVERRIDE_ROUTE_ORDER).handler(this::upload);
    }

    private void upload(RoutingContext ctx) {
        Optional<Caller> uploader = FilePart.uploader(ctx);
        if (uploader.isEmpty()) {
            return;
        }
        HttpServerRequest request = ctx.request();
        String publicId = ctx.pathParam("id");
        TenantId tenant = uploader.get().tenant();
        firmware.find(tenant, publicId)
                .invoke(found -> {
                    if (found.hasFirmwareFile()) {
                        throw FirmwareErrors.fileExists();
                    }
                })
                .flatMap(found -> receive(request, found).flatMap(written -> store(tenant, found, written)))
                .subscribe().with(
                        stored -> ctx.response().setStatusCode(201)
                                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                                .end(Json.encode(SuccessMessage.about("Firmware file successfully uploaded.",
                                        stored.publicId()))),
                        failure -> RouteFailures.end(ctx, failure));
    }

    // Emits the verified temp file; on any failure the temp file is gone.
    private Uni<HashingWriter.Written> receive(HttpServerRequest request, StoredFirmware record) {
        return files.receive(request, part -> {
        }).flatMap(written -> {
            String declared = request.getFormAttribute(HASH_FIELD);
            String expected = declared != null ? declared.toLowerCase(Locale.ROOT) : record.fileHashSha256();
            return expected == null || expected.equals(written.sha256())
                    ? Uni.createFrom().item(written)
                    : artifacts.discard(written.file())
                            .map(x -> {
                                throw FirmwareErrors.badRequest(FirmwareErrors.HASH_MISMATCH);
                            });
        });
    }

    private Uni<StoredFirmware> store(TenantId tenant, StoredFirmware record, HashingWriter.Written written) {
        String key = ArtifactKeys.of(tenant, record.publicId());
        return artifacts.commit(written, key)
                .flatMap(v -> store.attach(tenant, record.publicId(), key, written.sha256(), written.size()))
                .flatMap(attached -> attached.map(a -> Uni.createFrom().item(a))
                        // Deleted or uploaded concurrently: this upload loses and leaves nothing.
                        .orElseGet(() -> artifacts.delete(key).map(x -> {
                            throw FirmwareErrors.fileExists();
                        })));
    }
}
