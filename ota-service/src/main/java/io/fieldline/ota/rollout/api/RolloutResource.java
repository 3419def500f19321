package io.fieldline.ota.rollout.api;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
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
import io.fieldline.ota.OtaConfig;
import io.fieldline.ota.rollout.service.RolloutPlan;
import io.fieldline.ota.rollout.service.RolloutService;
import io.fieldline.ota.rollout.service.RolloutStatus;
import io.fieldline.ota.rollout.store.GroupCounts;
import io.fieldline.ota.rollout.store.NewRollout;
import io.fieldline.ota.rollout.store.StoredRollout;
import io.fieldline.support.http.ValidationFailure;
import io.fieldline.support.identity.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.ResponseStatus;

/** {@code /api/v1/ota/rollouts}: staged rollouts of a firmware to devices (admin). */
@Path("/api/v1/ota/rollouts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RolloutResource {

    private final RolloutService service;
    private final CurrentCaller caller;
    private final OtaConfig.Rollout config;

    RolloutResource(RolloutService service, CurrentCaller caller, OtaConfig config) {
        this.service = service;
        this.caller = caller;
        this.config = config.rollout();
    }

    @POST
    @ResponseStatus(201)
    public Uni<SuccessMessage> create(@Valid CreateRolloutRequest body) {
        if (body == null) {
            throw ValidationFailure.body("firmware_id", "Field required", "missing");
        }
        NewRollout plan = RolloutPlan.plan(body.deviceIds(), body.canarySize(), body.groupPercentages(),
                body.successThreshold(), body.errorThreshold(), body.autoRollback(), body.deviceTimeoutSeconds(),
                (int) config.deviceTimeout().toSeconds(), config.maxDevices());
        return service.create(caller.get(), body.firmwareId(), body.name(), plan)
                .map(created -> SuccessMessage.about("Rollout successfully created.", created.publicId()));
    }

    @GET
    public Uni<Page<RolloutResponse>> list(@QueryParam("page") Integer page,
            @QueryParam("page_size") Integer pageSize) {
        return service.list(caller.get(), PageRequest.of(page, pageSize))
                .map(found -> found.map(r -> response(r, null)));
    }

    @GET
    @Path("/{public_id}")
    public Uni<RolloutResponse> get(@PathParam("public_id") String publicId) {
        return service.get(caller.get(), publicId).map(p -> response(p.rollout(), p.groups()));
    }

    @POST
    @Path("/{public_id}/pause")
    public Uni<SuccessMessage> pause(@PathParam("public_id") String publicId) {
        return service.pause(caller.get(), publicId).replaceWith(SuccessMessage.about("Rollout paused.", publicId));
    }

    @POST
    @Path("/{public_id}/resume")
    public Uni<SuccessMessage> resume(@PathParam("public_id") String publicId) {
        return service.resume(caller.get(), publicId)
                .replaceWith(SuccessMessage.about("Rollout resumed.", publicId));
    }

    @POST
    @Path("/{public_id}/cancel")
    public Uni<SuccessMessage> cancel(@PathParam("public_id") String publicId) {
        return service.cancel(caller.get(), publicId)
                .replaceWith(SuccessMessage.about("Rollout cancelled.", publicId));
    }

    private static RolloutResponse response(StoredRollout r, List<GroupCounts> groups) {
        Map<String, Long> total = null;
        List<RolloutResponse.GroupResponse> views = null;
        if (groups != null) {
            total = new TreeMap<>();
            for (GroupCounts g : groups) {
                Map<String, Long> sums = total;
                g.byStatus().forEach((status, count) -> sums.merge(status, count, Long::sum));
            }
            views = groups.stream().map(g -> new RolloutResponse.GroupResponse(g.group(),
                    g.group() == 0 ? "canary" : "group " + (g.group() + 1), groupStatus(r, g.group()), g.total(),
                    g.byStatus())).toList();
        }
        return new RolloutResponse(r.publicId(), r.name(), r.firmwarePublicId(), r.version(), r.status(),
                r.statusReason(), r.groupCount(), r.currentGroup(), r.successThreshold(), r.errorThreshold(),
                r.autoRollback(), r.deviceTimeoutSeconds(), r.createdOn(), r.updatedOn(), r.userPublicId(), total,
                views);
    }

    private static String groupStatus(StoredRollout r, int group) {
        if (group > r.currentGroup()) {
            return RolloutStatus.SCHEDULED;
        }
        if (group < r.currentGroup()) {
            return "done";
        }
        return RolloutStatus.RUNNING.equals(r.status()) ? RolloutStatus.RUNNING : r.status();
    }
}
