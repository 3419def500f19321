package io.fieldline.ota.firmware.api;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.SuccessMessage;
import io.fieldline.ota.firmware.service.FirmwareService;
import io.fieldline.ota.firmware.service.UpdateService;
import io.fieldline.ota.firmware.store.StoredFirmware;
import io.fieldline.support.http.ValidationFailure;
import io.fieldline.support.identity.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * {@code /api/v1/ota}: firmware update records of the caller's tenant (seed 000 "OTA Updates"). Upload and download
 * of the artifact are plain Vert.x routes (artifact.UploadRoute, artifact.DownloadRoute) because they stream.
 */
@Path("/api/v1/ota")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FirmwareResource {

    private final FirmwareService firmware;
    private final UpdateService updates;
    private final CurrentVersion currentVersion;
    private final CurrentCaller caller;

    FirmwareResource(FirmwareService firmware, UpdateService updates, CurrentVersion currentVersion,
            CurrentCaller caller) {
        this.firmware = firmware;
        this.updates = updates;
        this.currentVersion = currentVersion;
        this.caller = caller;
    }

    @POST
    @ResponseStatus(201)
    public Uni<SuccessMessage> create(@Valid CreateFirmwareRequest body) {
        if (body == null) {
            throw ValidationFailure.body("version", "Field required", "missing");
        }
        return firmware.create(caller.get(), body.version(), body.changelog(), body.fileHashSha256())
                .map(created -> SuccessMessage.about("Firmware update successfully created.", created.publicId()));
    }

    @GET
    public Uni<Page<FirmwareResponse>> list(@QueryParam("page") Integer page,
            @QueryParam("page_size") Integer pageSize) {
        PageRequest request = PageRequest.of(page, pageSize);
        return firmware.list(caller.get(), request).map(found -> found.map(FirmwareResource::response));
    }

    /** Seed 000: the newest pending or completed record above the current version. */
    @GET
    @Path("/check")
    public Uni<CheckResponse> check() {
        String current = currentVersion.get();
        return firmware.newest(caller.get(), current).map(newest -> new CheckResponse(current,
                newest.map(StoredFirmware::version).orElse(null), newest.isPresent(), null, null, null, null));
    }

    @GET
    @Path("/{public_id}")
    public Uni<FirmwareResponse> get(@PathParam("public_id") String publicId) {
        return firmware.get(caller.get(), publicId).map(FirmwareResource::response);
    }

    @DELETE
    @Path("/{public_id}")
    public Uni<SuccessMessage> delete(@PathParam("public_id") String publicId) {
        return firmware.delete(caller.get(), publicId)
                .replaceWith(SuccessMessage.of("Firmware update successfully deleted."));
    }

    @POST
    @Path("/{public_id}/apply")
    public Uni<SuccessMessage> apply(@PathParam("public_id") String publicId, @Valid ApplyRequest body) {
        String url = body == null ? null : body.downloadUrl();
        String hash = body == null ? null : body.fileHashSha256();
        return updates.apply(caller.get(), publicId, url, hash)
                .replaceWith(SuccessMessage.about("Firmware update applied successfully.", publicId));
    }

    @POST
    @Path("/{public_id}/rollback")
    public Uni<SuccessMessage> rollback(@PathParam("public_id") String publicId) {
        return updates.rollback(caller.get(), publicId)
                .replaceWith(SuccessMessage.about("Firmware update rolled back successfully.", publicId));
    }

    static FirmwareResponse response(StoredFirmware f) {
        return new FirmwareResponse(f.publicId(), f.version(), f.changelog(), f.fileHashSha256(), f.fileSizeBytes(),
                f.status(), f.errorMessage(), f.createdOn(), f.startedOn(), f.completedOn(), f.userPublicId(),
                f.hasFirmwareFile());
    }
}
