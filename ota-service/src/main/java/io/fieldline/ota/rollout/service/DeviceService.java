package io.fieldline.ota.rollout.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;

import io.fieldline.model.ActivityOccurred;
import io.fieldline.ota.OtaAccess;
import io.fieldline.ota.activity.ActivityOutbox;
import io.fieldline.ota.rollout.store.DeviceUpdate;
import io.fieldline.ota.rollout.store.RolloutStore;
import io.fieldline.ota.rollout.store.StoredRollout;
import io.fieldline.support.http.ValidationFailure;
import io.fieldline.support.identity.Caller;
import io.smallrye.mutiny.Uni;

/**
 * The device side of rollouts: check-ins ("is there an update for me?", one indexed read, no write) and status
 * reports. Devices have no credential of their own yet; see {@link OtaAccess}.
 */
@ApplicationScoped
public class DeviceService {

    private final RolloutStore store;
    private final RolloutEngine engine;
    private final ActivityOutbox outbox;

    DeviceService(RolloutStore store, RolloutEngine engine, ActivityOutbox outbox) {
        this.store = store;
        this.engine = engine;
        this.outbox = outbox;
    }

    /** What a check-in answers. {@code action} is update, rollback, or null (nothing to do). */
    public record CheckIn(String deviceId, String action, Optional<DeviceUpdate> update) {
    }

    public Uni<CheckIn> checkIn(Caller caller, String deviceId) {
        OtaAccess.requireRead(caller);
        return store.device(caller.tenant(), deviceId).map(found -> new CheckIn(deviceId, found.map(d -> {
            if (RolloutStatus.ROLLBACK_REQUESTED.equals(d.deviceStatus())) {
                return "rollback";
            }
            boolean offered = RolloutStatus.RUNNING.equals(d.rolloutStatus()) && d.groupIndex() <= d.currentGroup()
                    && RolloutStatus.isActive(d.deviceStatus());
            return offered ? "update" : null;
        }).orElse(null), found));
    }

    /**
     * Records a device's report on its latest rollout; repeating the current status changes nothing. 404 when the
     * device is in no rollout (or not in {@code rolloutId}), 409 for a move its update cannot make.
     */
    public Uni<Void> report(Caller caller, String deviceId, String rolloutId, String status, String reason) {
        OtaAccess.requireReport(caller);
        if (status == null || !RolloutStatus.REPORTABLE.contains(status)) {
            throw ValidationFailure.body("status", "Input should be one of " + RolloutStatus.REPORTABLE,
                    "enum");
        }
        return store.pool().withTransaction(tx -> store.device(tx, caller.tenant(), deviceId)
                .map(found -> found.filter(d -> rolloutId == null || rolloutId.equals(d.rolloutPublicId()))
                        .orElseThrow(() -> notInRollout(deviceId)))
                .flatMap(d -> store.lock(tx, d.rolloutId()).map(Optional::orElseThrow))
                .flatMap(rollout -> store.lockDevice(tx, rollout.id(), deviceId).map(Optional::orElseThrow)
                        .flatMap(current -> {
                            if (current.equals(status)) {
                                return Uni.createFrom().item(List.<ActivityOccurred>of());
                            }
                            if (!RolloutStatus.deviceMayMove(current, status)) {
                                throw RolloutStatus.illegal(current, status);
                            }
                            return apply(tx, rollout, deviceId, status, reason, caller);
                        }))
                .flatMap(activities -> outbox.add(tx, activities)))
                .invoke(outbox::wake);
    }

    private Uni<List<ActivityOccurred>> apply(io.vertx.mutiny.sqlclient.SqlClient tx, StoredRollout rollout,
            String deviceId, String status, String reason, Caller caller) {
        boolean active = RolloutStatus.isActive(status);
        // A report restarts the device's timeout while it is still working; a final status clears it.
        Integer timeout = active ? rollout.deviceTimeoutSeconds() : null;
        String recorded = RolloutStatus.FAILED.equals(status) ? reason : null;
        ActivityOccurred changed = RolloutEngine.deviceActivity(rollout, deviceId, status, recorded,
                caller.subject());
        return store.setDevice(tx, rollout.id(), deviceId, status, recorded, timeout)
                .flatMap(x -> engine.evaluate(tx, rollout, RolloutStatus.FAILED.equals(status)))
                .map(more -> {
                    List<ActivityOccurred> all = new ArrayList<>();
                    all.add(changed);
                    all.addAll(more);
                    return all;
                });
    }

    private static NotFoundException notInRollout(String deviceId) {
        return new NotFoundException("Device '" + deviceId + "' is in no rollout.");
    }
}
