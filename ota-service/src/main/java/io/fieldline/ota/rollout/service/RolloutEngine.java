package io.fieldline.ota.rollout.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.ActivityTypes;
import io.fieldline.model.TenantId;
import io.fieldline.ota.rollout.store.GroupCounts;
import io.fieldline.ota.rollout.store.RolloutStore;
import io.fieldline.ota.rollout.store.StoredRollout;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Moves a running rollout on after something changed, inside the caller's transaction (the rollout row is locked):
 * <ul>
 * <li>failed devices above {@code error_threshold} percent of the started devices pause the rollout, or roll it back
 * when {@code auto_rollback} is set (open devices are cancelled, completed ones are asked to roll back);</li>
 * <li>a current group with at least {@code success_threshold} percent completed starts the next group;</li>
 * <li>a current group that finished without reaching the threshold pauses the rollout (an operator decides);</li>
 * <li>the last group started and no device open: the rollout is completed.</li>
 * </ul>
 * Every change comes back as activity records for the same transaction's outbox.
 */
@ApplicationScoped
public class RolloutEngine {

    private final RolloutStore store;

    RolloutEngine(RolloutStore store) {
        this.store = store;
    }

    /**
     * @param checkErrors whether new failures happened (a resume re-evaluates without re-checking old failures, so
     *        an operator's resume is not undone at once)
     */
    public Uni<List<ActivityOccurred>> evaluate(SqlClient tx, StoredRollout rollout, boolean checkErrors) {
        if (!RolloutStatus.RUNNING.equals(rollout.status())) {
            return Uni.createFrom().item(List.of());
        }
        return store.groupCounts(tx, rollout.id()).flatMap(groups -> decide(tx, rollout, groups, checkErrors));
    }

    private Uni<List<ActivityOccurred>> decide(SqlClient tx, StoredRollout rollout, List<GroupCounts> groups,
            boolean checkErrors) {
        int current = rollout.currentGroup();
        long started = 0;
        long failed = 0;
        for (GroupCounts g : groups) {
            if (g.group() <= current) {
                started += g.total();
                failed += g.count(RolloutStatus.FAILED);
            }
        }
        if (checkErrors && failed * 100 > (long) rollout.errorThreshold() * started) {
            return rollout.autoRollback() ? rollBack(tx, rollout) : pause(tx, rollout, "error_threshold");
        }
        GroupCounts now = group(groups, current);
        List<ActivityOccurred> activities = new ArrayList<>();
        Uni<Void> work = Uni.createFrom().voidItem();
        while (current < rollout.groupCount() - 1
                && now.count(RolloutStatus.COMPLETED) * 100 >= (long) rollout.successThreshold() * now.total()) {
            current++;
            int next = current;
            now = group(groups, next);
            work = work.call(() -> store.startGroup(tx, rollout.id(), next, rollout.deviceTimeoutSeconds()));
            activities.add(activity(rollout, ActivityTypes.OTA_ROLLOUT_GROUP_STARTED,
                    Map.of("group", next, "devices", now.total())));
            // The group's devices are pending now.
            now = new GroupCounts(next, Map.of(RolloutStatus.PENDING, now.total()));
        }
        int newCurrent = current;
        if (newCurrent != rollout.currentGroup()) {
            work = work.call(() -> store.setStatus(tx, rollout.id(), RolloutStatus.RUNNING, null, newCurrent));
            return work.replaceWith(activities);
        }
        boolean lastStarted = current == rollout.groupCount() - 1;
        boolean open = groups.stream().anyMatch(g -> RolloutStore.OPEN.stream().anyMatch(s -> g.count(s) > 0));
        if (lastStarted && !open) {
            activities.add(activity(rollout, ActivityTypes.OTA_ROLLOUT_COMPLETED, progress(groups)));
            return store.setStatus(tx, rollout.id(), RolloutStatus.COMPLETED, null, current).replaceWith(activities);
        }
        boolean currentOpen = RolloutStore.OPEN.stream().anyMatch(s -> group(groups, newCurrent).count(s) > 0);
        if (!lastStarted && !currentOpen) {
            return pause(tx, rollout, "success_threshold_not_reached");
        }
        return Uni.createFrom().item(activities);
    }

    /** Pauses: no update is offered, and devices that have not started stop timing out. */
    public Uni<List<ActivityOccurred>> pause(SqlClient tx, StoredRollout rollout, String reason) {
        return store.setStatus(tx, rollout.id(), RolloutStatus.PAUSED, reason, rollout.currentGroup())
                .call(() -> store.holdPending(tx, rollout.id()))
                .replaceWith(List.of(activity(rollout, ActivityTypes.OTA_ROLLOUT_PAUSED, Map.of("reason", reason))));
    }

    private Uni<List<ActivityOccurred>> rollBack(SqlClient tx, StoredRollout rollout) {
        return store.setStatus(tx, rollout.id(), RolloutStatus.ROLLED_BACK, "error_threshold",
                rollout.currentGroup())
                .call(() -> store.cancelOpen(tx, rollout.id()))
                .call(() -> store.requestRollback(tx, rollout.id()))
                .replaceWith(List.of(activity(rollout, ActivityTypes.OTA_ROLLOUT_ROLLED_BACK,
                        Map.of("reason", "error_threshold"))));
    }

    /** An activity about the rollout. */
    public static ActivityOccurred activity(StoredRollout rollout, String type, Map<String, Object> extra) {
        return activity(rollout, type, extra, null);
    }

    public static ActivityOccurred activity(StoredRollout rollout, String type, Map<String, Object> extra,
            String actor) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rollout_id", rollout.publicId());
        data.put("firmware_id", rollout.firmwarePublicId());
        data.put("version", rollout.version());
        data.putAll(extra);
        return new ActivityOccurred(TenantId.of(rollout.tenantId()), type, rollout.publicId(), actor, data,
                Instant.now());
    }

    /** An activity about one device of the rollout (subject: the device id). */
    public static ActivityOccurred deviceActivity(StoredRollout rollout, String deviceId, String status,
            String reason, String actor) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rollout_id", rollout.publicId());
        data.put("firmware_id", rollout.firmwarePublicId());
        data.put("version", rollout.version());
        data.put("status", status);
        if (reason != null) {
            data.put("reason", reason);
        }
        return new ActivityOccurred(TenantId.of(rollout.tenantId()), ActivityTypes.OTA_DEVICE_PREFIX + status,
                deviceId, actor, data, Instant.now());
    }

    private static Map<String, Object> progress(List<GroupCounts> groups) {
        Map<String, Object> totals = new LinkedHashMap<>();
        for (GroupCounts g : groups) {
            g.byStatus().forEach((status, count) -> totals.merge(status, count, (a, b) -> (Long) a + (Long) b));
        }
        return totals;
    }

    private static GroupCounts group(List<GroupCounts> groups, int index) {
        return groups.stream().filter(g -> g.group() == index).findFirst()
                .orElse(new GroupCounts(index, Map.of()));
    }
}
