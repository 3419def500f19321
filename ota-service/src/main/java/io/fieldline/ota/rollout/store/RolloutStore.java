package io.fieldline.ota.rollout.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code rollout} and {@code rollout_device} rows. Reads are scoped by tenant; writes run on the connection of
 * the caller's transaction, which first locks the rollout row ({@link #lock}), so every change of one rollout is
 * serialised (rollout row, then device rows: one lock order everywhere).
 */
@ApplicationScoped
public class RolloutStore {

    /** Device statuses that still expect something to happen. */
    public static final List<String> OPEN = List.of("scheduled", "pending", "downloading", "verifying", "applying");

    private static final String COLUMNS = """
            r.id, r.public_id, r.tenant_id, f.public_id, f.version, r.name, r.status, r.status_reason, r.group_count,
            r.current_group, r.success_threshold, r.error_threshold, r.auto_rollback, r.device_timeout_seconds,
            r.user_public_id, r.created_on, r.updated_on""";
    private static final String FROM = " FROM rollout r JOIN firmware f ON f.id = r.firmware_id ";
    private static final String INSERT = """
            INSERT INTO rollout (public_id, tenant_id, firmware_id, name, status, group_count, success_threshold,
                error_threshold, auto_rollback, device_timeout_seconds, user_public_id)
            VALUES ($1, $2, $3, $4, 'running', $5, $6, $7, $8, $9, $10) RETURNING id""";
    // Group 0 starts at once (pending, with a deadline); later groups wait as scheduled.
    private static final String INSERT_DEVICES = """
            INSERT INTO rollout_device (rollout_id, tenant_id, device_id, group_index, status, deadline)
            SELECT $1, $2, d.device_id, d.group_index,
                   CASE WHEN d.group_index = 0 THEN 'pending' ELSE 'scheduled' END,
                   CASE WHEN d.group_index = 0 THEN now() + make_interval(secs => $5) END
            FROM unnest($3::text[], $4::int[]) AS d(device_id, group_index)""";
    private static final String BUSY_DEVICES = """
            SELECT DISTINCT d.device_id FROM rollout_device d JOIN rollout r ON r.id = d.rollout_id
            WHERE d.tenant_id = $1 AND d.device_id = ANY($2) AND r.status IN ('running', 'paused')
            ORDER BY 1 LIMIT 10""";
    private static final String COUNT = "SELECT count(*) FROM rollout WHERE tenant_id = $1";
    private static final String PAGE = "SELECT " + COLUMNS + FROM + """
            WHERE r.tenant_id = $1 ORDER BY r.created_on DESC, r.id DESC LIMIT $2 OFFSET $3""";
    private static final String FIND = "SELECT " + COLUMNS + FROM + "WHERE r.tenant_id = $1 AND r.public_id = $2";
    private static final String LOCK = "SELECT " + COLUMNS + FROM
            + "WHERE r.tenant_id = $1 AND r.public_id = $2 FOR UPDATE OF r";
    private static final String LOCK_BY_ID = "SELECT " + COLUMNS + FROM + "WHERE r.id = $1 FOR UPDATE OF r";
    private static final String GROUP_COUNTS = """
            SELECT group_index, status, count(*) FROM rollout_device WHERE rollout_id = $1 GROUP BY 1, 2""";
    private static final String SET_STATUS = """
            UPDATE rollout SET status = $2, status_reason = $3, current_group = $4, updated_on = now()
            WHERE id = $1""";
    private static final String START_GROUP = """
            UPDATE rollout_device SET status = 'pending', deadline = now() + make_interval(secs => $3),
                updated_on = now()
            WHERE rollout_id = $1 AND group_index = $2 AND status = 'scheduled'""";
    private static final String CANCEL_OPEN = """
            UPDATE rollout_device SET status = 'cancelled', deadline = NULL, updated_on = now()
            WHERE rollout_id = $1 AND status = ANY($2)""";
    private static final String REQUEST_ROLLBACK = """
            UPDATE rollout_device SET status = 'rollback_requested', deadline = NULL, updated_on = now()
            WHERE rollout_id = $1 AND status = 'completed'""";
    // A paused rollout offers no update, so devices that have not started must not time out meanwhile.
    private static final String HOLD_PENDING = """
            UPDATE rollout_device SET deadline = NULL WHERE rollout_id = $1 AND status = 'pending'""";
    private static final String RELEASE_PENDING = """
            UPDATE rollout_device SET deadline = now() + make_interval(secs => $2)
            WHERE rollout_id = $1 AND status = 'pending'""";
    // The device's latest rollout: a device is in at most one active rollout, and a newer one supersedes older ones.
    private static final String DEVICE = """
            SELECT r.id, r.public_id, r.status, r.current_group, d.group_index, d.status, d.reason, f.public_id,
                   f.version, f.file_hash_sha256, f.file_size_bytes
            FROM rollout_device d JOIN rollout r ON r.id = d.rollout_id JOIN firmware f ON f.id = r.firmware_id
            WHERE d.tenant_id = $1 AND d.device_id = $2 ORDER BY d.rollout_id DESC LIMIT 1""";
    private static final String LOCK_DEVICE = """
            SELECT status FROM rollout_device WHERE rollout_id = $1 AND device_id = $2 FOR UPDATE""";
    private static final String SET_DEVICE = """
            UPDATE rollout_device SET status = $3, reason = $4,
                deadline = CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(secs => $5) END,
                updated_on = now()
            WHERE rollout_id = $1 AND device_id = $2""";
    private static final String OVERDUE_ROLLOUTS = """
            SELECT DISTINCT rollout_id FROM rollout_device
            WHERE deadline < now() AND status IN ('pending', 'downloading', 'verifying', 'applying') LIMIT $1""";
    private static final String FAIL_OVERDUE = """
            UPDATE rollout_device SET status = 'failed', reason = 'timeout', deadline = NULL, updated_on = now()
            WHERE rollout_id = $1 AND deadline < now()
              AND status IN ('pending', 'downloading', 'verifying', 'applying')
            RETURNING device_id, status""";
    private static final String RUNNING = "SELECT id FROM rollout WHERE status = 'running'";

    private final Pool pool;

    RolloutStore(Pool pool) {
        this.pool = pool;
    }

    /** Inserts a running rollout and its devices (group 0 pending); emits the rollout's internal id. */
    public Uni<Long> insert(SqlClient tx, TenantId tenant, String publicId, long firmwareId, String name,
            NewRollout spec, String userPublicId) {
        Tuple values = Tuple.tuple().addString(publicId).addString(tenant.value()).addLong(firmwareId)
                .addString(name).addInteger(spec.groupCount()).addInteger(spec.successThreshold())
                .addInteger(spec.errorThreshold()).addBoolean(spec.autoRollback())
                .addInteger(spec.deviceTimeoutSeconds()).addString(userPublicId);
        return tx.preparedQuery(INSERT).execute(values).map(rows -> rows.iterator().next().getLong(0))
                .call(id -> tx.preparedQuery(INSERT_DEVICES).execute(Tuple.tuple().addLong(id)
                        .addString(tenant.value()).addArrayOfString(spec.deviceIds().toArray(String[]::new))
                        .addArrayOfInteger(spec.groups().toArray(Integer[]::new))
                        .addInteger(spec.deviceTimeoutSeconds())));
    }

    /** Up to ten of the devices that are already in a running or paused rollout. */
    public Uni<List<String>> busyDevices(SqlClient tx, TenantId tenant, List<String> deviceIds) {
        return tx.preparedQuery(BUSY_DEVICES)
                .execute(Tuple.of(tenant.value(), deviceIds.toArray(String[]::new)))
                .map(rows -> {
                    List<String> busy = new ArrayList<>();
                    rows.forEach(row -> busy.add(row.getString(0)));
                    return busy;
                });
    }

    public Uni<Long> count(TenantId tenant) {
        return pool.preparedQuery(COUNT).execute(Tuple.of(tenant.value()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<List<StoredRollout>> page(TenantId tenant, int limit, long offset) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(tenant.value(), limit, offset)).map(RolloutStore::all);
    }

    public Uni<Optional<StoredRollout>> find(TenantId tenant, String publicId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(tenant.value(), publicId)).map(RolloutStore::first);
    }

    /** Locks the tenant's rollout for the rest of the transaction. */
    public Uni<Optional<StoredRollout>> lock(SqlClient tx, TenantId tenant, String publicId) {
        return tx.preparedQuery(LOCK).execute(Tuple.of(tenant.value(), publicId)).map(RolloutStore::first);
    }

    /** Locks a rollout by internal id (for the platform's own work: timeouts, recovery). */
    public Uni<Optional<StoredRollout>> lock(SqlClient tx, long id) {
        return tx.preparedQuery(LOCK_BY_ID).execute(Tuple.of(id)).map(RolloutStore::first);
    }

    /** Device counts per group and status, ordered by group. */
    public Uni<List<GroupCounts>> groupCounts(SqlClient client, long rolloutId) {
        return client.preparedQuery(GROUP_COUNTS).execute(Tuple.of(rolloutId)).map(rows -> {
            Map<Integer, Map<String, Long>> groups = new TreeMap<>();
            rows.forEach(row -> groups.computeIfAbsent(row.getInteger(0), g -> new HashMap<>())
                    .put(row.getString(1), row.getLong(2)));
            List<GroupCounts> out = new ArrayList<>();
            groups.forEach((group, counts) -> out.add(new GroupCounts(group, counts)));
            return out;
        });
    }

    public Uni<List<GroupCounts>> groupCounts(long rolloutId) {
        return groupCounts(pool, rolloutId);
    }

    public Uni<Void> setStatus(SqlClient tx, long id, String status, String reason, int currentGroup) {
        return tx.preparedQuery(SET_STATUS).execute(Tuple.of(id, status, reason, currentGroup)).replaceWithVoid();
    }

    public Uni<Void> startGroup(SqlClient tx, long id, int group, int timeoutSeconds) {
        return tx.preparedQuery(START_GROUP).execute(Tuple.of(id, group, timeoutSeconds)).replaceWithVoid();
    }

    public Uni<Void> cancelOpen(SqlClient tx, long id) {
        return tx.preparedQuery(CANCEL_OPEN).execute(Tuple.of(id, OPEN.toArray(String[]::new))).replaceWithVoid();
    }

    public Uni<Void> requestRollback(SqlClient tx, long id) {
        return tx.preparedQuery(REQUEST_ROLLBACK).execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Void> holdPending(SqlClient tx, long id) {
        return tx.preparedQuery(HOLD_PENDING).execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Void> releasePending(SqlClient tx, long id, int timeoutSeconds) {
        return tx.preparedQuery(RELEASE_PENDING).execute(Tuple.of(id, timeoutSeconds)).replaceWithVoid();
    }

    /** The device's latest rollout entry (a single indexed read: this is the check-in path). */
    public Uni<Optional<DeviceUpdate>> device(SqlClient client, TenantId tenant, String deviceId) {
        return client.preparedQuery(DEVICE).execute(Tuple.of(tenant.value(), deviceId)).map(rows -> {
            if (rows.rowCount() == 0) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            return Optional.of(new DeviceUpdate(r.getLong(0), r.getString(1), r.getString(2), r.getInteger(3),
                    r.getInteger(4), r.getString(5), r.getString(6), r.getString(7), r.getString(8),
                    r.getString(9), r.getLong(10)));
        });
    }

    public Uni<Optional<DeviceUpdate>> device(TenantId tenant, String deviceId) {
        return device(pool, tenant, deviceId);
    }

    /** Locks the device row (after its rollout) and emits its current status. */
    public Uni<Optional<String>> lockDevice(SqlClient tx, long rolloutId, String deviceId) {
        return tx.preparedQuery(LOCK_DEVICE).execute(Tuple.of(rolloutId, deviceId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getString(0)));
    }

    /** Sets a device's status; a null timeout clears its deadline. */
    public Uni<Void> setDevice(SqlClient tx, long rolloutId, String deviceId, String status, String reason,
            Integer timeoutSeconds) {
        return tx.preparedQuery(SET_DEVICE).execute(Tuple.tuple().addLong(rolloutId).addString(deviceId)
                .addString(status).addString(reason).addInteger(timeoutSeconds)).replaceWithVoid();
    }

    /** Rollouts that have devices past their deadline. */
    public Uni<List<Long>> overdueRollouts(int limit) {
        return pool.preparedQuery(OVERDUE_ROLLOUTS).execute(Tuple.of(limit)).map(RolloutStore::ids);
    }

    /** Fails the rollout's overdue devices; emits their ids. */
    public Uni<List<String>> failOverdue(SqlClient tx, long rolloutId) {
        return tx.preparedQuery(FAIL_OVERDUE).execute(Tuple.of(rolloutId)).map(rows -> {
            List<String> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getString(0)));
            return ids;
        });
    }

    /** Internal ids of every running rollout (re-evaluated at start-up). */
    public Uni<List<Long>> running() {
        return pool.query(RUNNING).execute().map(RolloutStore::ids);
    }

    public Pool pool() {
        return pool;
    }

    private static List<Long> ids(RowSet<Row> rows) {
        List<Long> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.getLong(0)));
        return ids;
    }

    private static Optional<StoredRollout> first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? Optional.empty() : Optional.of(rollout(rows.iterator().next()));
    }

    private static List<StoredRollout> all(RowSet<Row> rows) {
        List<StoredRollout> out = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> out.add(rollout(row)));
        return out;
    }

    private static StoredRollout rollout(Row r) {
        return new StoredRollout(r.getLong(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                r.getString(5), r.getString(6), r.getString(7), r.getInteger(8), r.getInteger(9), r.getInteger(10),
                r.getInteger(11), r.getBoolean(12), r.getInteger(13), r.getString(14), instant(r.getOffsetDateTime(15)),
                instant(r.getOffsetDateTime(16)));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
