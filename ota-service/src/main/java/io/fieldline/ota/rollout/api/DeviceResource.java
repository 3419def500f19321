package io.fieldline.ota.rollout.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.fieldline.model.SuccessMessage;
import io.fieldline.ota.rollout.service.DeviceService;
import io.fieldline.ota.rollout.store.DeviceUpdate;
import io.fieldline.support.http.ValidationFailure;
import io.fieldline.support.identity.CurrentCaller;
import io.smallrye.mutiny.Uni;

/**
 * {@code /api/v1/ota/devices/{device_id}}: a device's check-in and status reports. The device id comes from the path;
 * the caller is a platform identity of the tenant (read_data to check in, write_data to report) until devices get
 * their own credential.
 */
@Path("/api/v1/ota/devices/{device_id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DeviceResource {

    private static final String DOWNLOAD = "/api/v1/ota/%s/download";

    private final DeviceService service;
    private final CurrentCaller caller;

    DeviceResource(DeviceService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    /** Is there an update for me? Always 200; {@code update_available} says. */
    @GET
    @Path("/update")
    public Uni<CheckInResponse> checkIn(@PathParam("device_id") String deviceId) {
        return service.checkIn(caller.get(), deviceId).map(c -> {
            if (c.update().isEmpty()) {
                return new CheckInResponse(deviceId, false, null, null, null, null, null, null, null, null);
            }
            DeviceUpdate d = c.update().get();
            boolean update = "update".equals(c.action());
            return new CheckInResponse(deviceId, update, c.action(), d.rolloutPublicId(), d.deviceStatus(),
                    d.firmwarePublicId(), d.version(), d.fileHash(), d.fileSize(),
                    update ? String.format(DOWNLOAD, d.firmwarePublicId()) : null);
        });
    }

    /** Reports progress: downloading, verifying, applying, completed, failed (with reason), rolled_back. */
    @POST
    @Path("/status")
    public Uni<SuccessMessage> report(@PathParam("device_id") String deviceId, StatusReport body) {
        if (body == null) {
            throw ValidationFailure.body("status", "Field required", "missing");
        }
        return service.report(caller.get(), deviceId, body.rolloutId(), body.status(), body.reason())
                .replaceWith(SuccessMessage.of("Status recorded."));
    }
}
