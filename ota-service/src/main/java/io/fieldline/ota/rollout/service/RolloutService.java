package io.fieldline.ota.rollout.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;

import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.ActivityTypes;
import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.PublicIds;
import io.fieldline.ota.OtaAccess;
import io.fieldline.ota.activity.ActivityOutbox;
import io.fieldline.ota.firmware.service.FirmwareService;
import io.fieldline.ota.rollout.store.GroupCounts;
import io.fieldline.ota.rollout.store.NewRollout;
import io.fieldline.ota.rollout.store.RolloutStore;
import io.fieldline.ota.rollout.store.StoredRollout;
import io.fieldline.support.http.ValidationFailure;
import io.fieldline.support.identity.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Rollouts of the caller's tenant (manage_ota): create, read with progress, pause, resume, cancel. Every change and
 * its activity records commit in one transaction (outbox), so nothing is announced that did not happen.
 */
@ApplicationScoped
public class RolloutService {

    private final RolloutStore store;
    private final RolloutEngine engine;
    private final FirmwareService firmware;
    private final ActivityOutbox outbox;

    RolloutService(RolloutStore store, RolloutEngine engine, FirmwareService firmware, ActivityOutbox outbox) {
        this.store = store;
        this.engine = engine;
        this.firmware = firmware;
        this.outbox = outbox;
    }

    /** A rollout with its device counts per group. */
    public record Progress(StoredRollout rollout, List<GroupCounts> groups) {
    }

    /** Creates a running rollout whose canary group starts at once; 409 when a device is in another active one. */
    public Uni<StoredRollout> create(Caller caller, String firmwareId, String name, NewRollout plan) {
        OtaAccess.requireManage(caller);
        if (firmwareId == null) {
            throw ValidationFailure.body("firmware_id", "Field required", "missing");
        }
        return firmware.find(caller.tenant(), firmwareId)
                .onFailure(NotFoundException.class).transform(e -> ValidationFailure.body("firmware_id",
                        "Firmware update '" + firmwareId + "' not found.", "value_error"))
                .invoke(found -> {
                    if (!found.hasFirmwareFile()) {
                        throw ValidationFailure.body("firmware_id", "Firmware update has no firmware file.",
                                "value_error");
                    }
                })
                .flatMap(found -> {
                    String publicId = PublicIds.newId();
                    String title = name == null || name.isBlank() ? "Rollout of " + found.version() : name;
                    return store.pool().withTransaction(tx -> store.busyDevices(tx, caller.tenant(), plan.deviceIds())
                            .invoke(busy -> {
                                if (!busy.isEmpty()) {
                                    throw new ClientErrorException("Device '" + busy.get(0)
                                            + "' is already in an active rollout.", 409);
                                }
                            })
                            .flatMap(x -> store.insert(tx, caller.tenant(), publicId, found.id(), title, plan,
                                    caller.subject()))
                            .flatMap(id -> store.lock(tx, id))
                            .map(java.util.Optional::orElseThrow)
                            .call(rollout -> outbox.add(tx, List.of(RolloutEngine.activity(rollout,
                                    ActivityTypes.OTA_ROLLOUT_CREATED, Map.of("devices", plan.deviceIds().size(),
                                            "groups", plan.groupCount()),
                                    caller.subject())))));
                })
                .invoke(outbox::wake);
    }

    public Uni<Page<StoredRollout>> list(Caller caller, PageRequest request) {
        OtaAccess.requireManage(caller);
        return store.count(caller.tenant()).flatMap(total -> total <= request.offset()
                ? Uni.createFrom().item(Page.of(request, total, List.<StoredRollout>of()))
                : store.page(caller.tenant(), request.pageSize(), request.offset())
                        .map(rows -> Page.of(request, total, rows)));
    }

    public Uni<Progress> get(Caller caller, String publicId) {
        OtaAccess.requireManage(caller);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(notFound(publicId));
        }
        return store.find(caller.tenant(), publicId)
                .map(found -> found.orElseThrow(() -> notFound(publicId)))
                .flatMap(rollout -> store.groupCounts(rollout.id()).map(groups -> new Progress(rollout, groups)));
    }

    /** running → paused. */
    public Uni<Void> pause(Caller caller, String publicId) {
        return change(caller, publicId, RolloutStatus.PAUSED, (tx, rollout) -> {
            requireStatus(rollout, RolloutStatus.PAUSED, RolloutStatus.RUNNING);
            return engine.pause(tx, rollout, "operator").map(a -> withActor(a, caller));
        });
    }

    /** paused → running; the rollout then moves on as if the last change had just happened. */
    public Uni<Void> resume(Caller caller, String publicId) {
        return change(caller, publicId, RolloutStatus.RUNNING, (tx, rollout) -> {
            requireStatus(rollout, RolloutStatus.RUNNING, RolloutStatus.PAUSED);
            StoredRollout running = withStatus(rollout, RolloutStatus.RUNNING);
            ActivityOccurred resumed = RolloutEngine.activity(rollout, ActivityTypes.OTA_ROLLOUT_RESUMED, Map.of(),
                    caller.subject());
            return store.setStatus(tx, rollout.id(), RolloutStatus.RUNNING, null, rollout.currentGroup())
                    .call(() -> store.releasePending(tx, rollout.id(), rollout.deviceTimeoutSeconds()))
                    .flatMap(x -> engine.evaluate(tx, running, false))
                    .map(more -> concat(List.of(resumed), more));
        });
    }

    /** running or paused → cancelled; devices not finished are cancelled. */
    public Uni<Void> cancel(Caller caller, String publicId) {
        return change(caller, publicId, RolloutStatus.CANCELLED, (tx, rollout) -> {
            requireStatus(rollout, RolloutStatus.CANCELLED, RolloutStatus.RUNNING, RolloutStatus.PAUSED);
            return store.setStatus(tx, rollout.id(), RolloutStatus.CANCELLED, "operator", rollout.currentGroup())
                    .call(() -> store.cancelOpen(tx, rollout.id()))
                    .replaceWith(List.of(RolloutEngine.activity(rollout, ActivityTypes.OTA_ROLLOUT_CANCELLED,
                            Map.of(), caller.subject())));
        });
    }

    private Uni<Void> change(Caller caller, String publicId, String target,
            BiFunction<SqlClient, StoredRollout, Uni<List<ActivityOccurred>>> work) {
        OtaAccess.requireManage(caller);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(notFound(publicId));
        }
        return store.pool().withTransaction(tx -> store.lock(tx, caller.tenant(), publicId)
                .map(found -> found.orElseThrow(() -> notFound(publicId)))
                .flatMap(rollout -> work.apply(tx, rollout))
                .flatMap(activities -> outbox.add(tx, activities)))
                .invoke(outbox::wake);
    }

    private static void requireStatus(StoredRollout rollout, String target, String... allowed) {
        if (!List.of(allowed).contains(rollout.status())) {
            throw RolloutStatus.illegal(rollout.status(), target);
        }
    }

    private static List<ActivityOccurred> withActor(List<ActivityOccurred> activities, Caller caller) {
        return activities.stream().map(a -> new ActivityOccurred(a.tenantId(), a.type(), a.subject(),
                caller.subject(), a.data(), a.occurredAt())).toList();
    }

    private static StoredRollout withStatus(StoredRollout r, String status) {
        return new StoredRollout(r.id(), r.publicId(), r.tenantId(), r.firmwarePublicId(), r.version(), r.name(),
                status, null, r.groupCount(), r.currentGroup(), r.successThreshold(), r.errorThreshold(),
                r.autoRollback(), r.deviceTimeoutSeconds(), r.userPublicId(), r.createdOn(), r.updatedOn());
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static NotFoundException notFound(String publicId) {
        return new NotFoundException("Rollout '" + publicId + "' not found.");
    }
}
