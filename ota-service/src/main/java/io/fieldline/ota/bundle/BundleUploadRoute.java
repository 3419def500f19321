package io.fieldline.ota.bundle;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.ClientErrorException;

import io.fieldline.model.PublicIds;
import io.fieldline.model.SuccessMessage;
import io.fieldline.model.TenantId;
import io.fieldline.ota.RouteFailures;
import io.fieldline.ota.artifact.ArtifactStorage;
import io.fieldline.ota.artifact.FilePart;
import io.fieldline.ota.artifact.HashingWriter;
import io.fieldline.ota.firmware.service.ArtifactKeys;
import io.fieldline.ota.firmware.service.FirmwareErrors;
import io.fieldline.ota.firmware.store.FirmwareStore;
import io.fieldline.ota.firmware.store.StoredFirmware;
import io.fieldline.support.http.BodyLimit;
import io.fieldline.support.identity.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/ota/upload} (seed 000, multipart part {@code file}): an update bundle ({@code .tar.gz} with a
 * {@code manifest.json} at its root) becomes a pending firmware record of the manifest's version, with the bundle
 * as its artifact — offered by {@code /ota/check} and ready for a rollout. Seed 000 answers: not {@code .tar.gz}
 * 400, a bundle name already uploaded 409, over the limit 413. Fieldline adds: no readable manifest or a bad version
 * 400, an existing version 409. Whatever is refused leaves nothing behind.
 */
@ApplicationScoped
public class BundleUploadRoute {

    static final String PATH = "/api/v1/ota/upload";
    private static final String SUFFIX = ".tar.gz";
    private static final int MAX_NAME_LENGTH = 255;

    private final FirmwareStore store;
    private final ArtifactStorage artifacts;
    private final FilePart files;
    private final Vertx vertx;

    BundleUploadRoute(FirmwareStore store, ArtifactStorage artifacts, FilePart files, Vertx vertx) {
        this.store = store;
        this.artifacts = artifacts;
        this.files = files;
        this.vertx = vertx;
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
        Caller caller = uploader.get();
        String[] name = new String[1];
        files.receive(ctx.request(), part -> name[0] = bundleName(part.filename()))
                .onFailure(HashingWriter.TooLarge.class).transform(e -> new HashingWriter.TooLarge(
                        "Bundle exceeds maximum allowed size (" + files.limit() / (1024 * 1024) + " MB)."))
                .flatMap(written -> register(caller, name[0], written)
                        .onFailure().call(() -> artifacts.discard(written.file())))
                .subscribe().with(created -> ctx.response().setStatusCode(201)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(Json.encode(SuccessMessage.about(String.format(Locale.ROOT,
                                "Bundle '%s' uploaded (%,d bytes). Update will be applied automatically.", name[0],
                                created.fileSizeBytes()), created.publicId()))),
                        failure -> RouteFailures.end(ctx, failure));
    }

    // Checks are ordered cheapest first, so a refused bundle is never copied into the store.
    private Uni<StoredFirmware> register(Caller caller, String name, HashingWriter.Written written) {
        TenantId tenant = caller.tenant();
        return requireNewName(tenant, name)
                .flatMap(x -> manifestOf(written.file()))
                .call(manifest -> store.versionExists(tenant, manifest.version()).invoke(exists -> {
                    if (exists) {
                        throw FirmwareErrors.duplicateVersion();
                    }
                }))
                .flatMap(manifest -> {
                    String publicId = PublicIds.newId();
                    String key = ArtifactKeys.of(tenant, publicId);
                    var record = new FirmwareStore.BundleRecord(name, manifest.version(), manifest.changelog(),
                            written.sha256(), written.size(), key);
                    return artifacts.commit(written, key)
                            .flatMap(x -> store.insertBundle(tenant, publicId, record, caller.subject()))
                            .flatMap(inserted -> inserted.map(f -> Uni.createFrom().item(f))
                                    // Uploaded concurrently under the same name or version: this one leaves nothing.
                                    .orElseGet(() -> artifacts.delete(key)
                                            .flatMap(y -> requireNewName(tenant, name))
                                            .map(y -> {
                                                throw FirmwareErrors.duplicateVersion();
                                            })));
                });
    }

    private Uni<Void> requireNewName(TenantId tenant, String name) {
        return store.bundleExists(tenant, name).map(exists -> {
            if (exists) {
                throw new ClientErrorException("Bundle '" + name + "' already exists.", 409);
            }
            return null;
        });
    }

    // Reading the manifest decompresses the bundle up to it: a worker thread's job.
    private Uni<BundleManifest> manifestOf(Path bundle) {
        return Uni.createFrom().completionStage(
                vertx.executeBlocking(() -> BundleManifest.read(bundle), false).toCompletionStage());
    }

    // The part's file name without any directories a client sent along.
    private static String bundleName(String filename) {
        String name = filename == null ? ""
                : filename.substring(Math.max(filename.lastIndexOf('/'),
                        filename.lastIndexOf('\\')) + 1);
        if (name.length() <= SUFFIX.length() || name.length() > MAX_NAME_LENGTH || !name.endsWith(SUFFIX)) {
            throw FirmwareErrors.badRequest("File must be a .tar.gz update bundle.");
        }
        return name;
    }
}
