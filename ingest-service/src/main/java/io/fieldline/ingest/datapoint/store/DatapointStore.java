package io.fieldline.ingest.datapoint.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.ingest.storage.EventLocks;
import io.fieldline.model.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads and deletes the stored datapoints of a tenant; every statement is scoped by {@code tenant_id}. */
@ApplicationScoped
public class DatapointStore {

    private static final String COLUMNS = """
            d.public_id::text, d.value, d.timestamp, e.public_id, d.experiment_public_id, d.quality""";
    private static final String COUNT = "SELECT count(*) FROM datapoint WHERE tenant_id = $1";
    private static final String PAGE = "SELECT " + COLUMNS + """
             FROM datapoint d JOIN event e ON e.id = d.event_id
            WHERE d.tenant_id = $1 ORDER BY d.timestamp DESC, d.id DESC LIMIT $2 OFFSET $3""";
    private static final String FIND = "SELECT " + COLUMNS + """
             FROM datapoint d JOIN event e ON e.id = d.event_id
            WHERE d.tenant_id = $1 AND d.public_id = $2::uuid""";
    // The latest point of an event is the last point of its newest rollup bucket (a backward step on the key).
    private static final String LATEST = """
            SELECT r.last_public_id::text, r.last_value, r.last_timestamp, e.public_id, r.last_experiment_public_id,
                r.last_quality
            FROM event e CROSS JOIN LATERAL (
                SELECT * FROM datapoint_rollup_1m r WHERE r.event_id = e.id ORDER BY r.bucket DESC LIMIT 1) r
            WHERE e.tenant_id = $1 ORDER BY e.id""";
    // Seed 000's downsampling, in the database so only the picked rows travel: with n points in the window and
    // n > max, the points at index floor(i * (n / max)) for i = 0 .. max-2 (float8 arithmetic, as Python's float),
    // then always the last one; with n <= max, all of them.
    private static final String SERIES = """
            WITH w AS (
                SELECT d.public_id::text AS public_id, d.value, d.timestamp, d.experiment_public_id, d.quality,
                    row_number() OVER (ORDER BY d.timestamp, d.id) - 1 AS rn, count(*) OVER () AS n
                FROM datapoint d JOIN event e ON e.id = d.event_id
                WHERE e.tenant_id = $1 AND e.public_id = $2 AND d.timestamp >= $3),
            c AS (SELECT n FROM w LIMIT 1),
            picks AS (
                SELECT generate_series(0, c.n - 1) AS rn FROM c WHERE c.n <= $4::int
                UNION SELECT floor(i * (c.n::float8 / $4::int))::bigint FROM c, generate_series(0, $4::int - 2) i
                    WHERE c.n > $4::int
                UNION SELECT c.n - 1 FROM c)
            SELECT w.public_id, w.value, w.timestamp, $2, w.experiment_public_id, w.quality
            FROM w JOIN picks USING (rn) ORDER BY w.rn""";
    private static final String FIND_EVENT_OF = """
            SELECT event_id FROM datapoint WHERE tenant_id = $1 AND public_id = $2::uuid""";
    // The writer takes the event's lock (shared) for its flush, so recomputing a bucket never races a flush into it.
    private static final String LOCK_EVENT = "SELECT " + EventLocks.exclusive("$1::bigint");
    private static final String DELETE = """
            DELETE FROM datapoint WHERE tenant_id = $1 AND public_id = $2::uuid
            RETURNING event_id, date_bin('1 minute', timestamp, timestamptz '1970-01-01 00:00:00+00')""";
    private static final String CLEAR_BUCKET = "DELETE FROM datapoint_rollup_1m WHERE event_id = $1 AND bucket = $2";
    // Nothing when the bucket is left empty: the event's latest is then the last point of its previous bucket.
    private static final String RECOMPUTE_BUCKET = """
            WITH b AS (SELECT * FROM datapoint
                    WHERE event_id = $1 AND timestamp >= $2 AND timestamp < $2 + interval '1 minute'),
                last AS (SELECT * FROM b ORDER BY timestamp DESC, id DESC LIMIT 1)
            INSERT INTO datapoint_rollup_1m (event_id, bucket, min, max, sum, count, last_datapoint_id,
                last_public_id, last_value, last_timestamp, last_quality, last_experiment_public_id)
            SELECT $1, $2, a.min, a.max, a.sum, a.count, last.id, last.public_id, last.value, last.timestamp,
                last.quality, last.experiment_public_id
            FROM (SELECT min(value), max(value), sum(value), count(*) FROM b) a, last""";

    private final Pool pool;

    DatapointStore(Pool pool) {
        this.pool = pool;
    }

    /** How many datapoints the tenant has. */
    public Uni<Long> count(TenantId tenant) {
        return pool.preparedQuery(COUNT).execute(Tuple.of(tenant.value()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** One page of the tenant's datapoints, newest first (then the last received first). */
    public Uni<List<StoredDatapoint>> page(TenantId tenant, int limit, long offset) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(tenant.value(), limit, offset)).map(DatapointStore::list);
    }

    /** The tenant's datapoint with that public id (a well-formed UUID). */
    public Uni<Optional<StoredDatapoint>> find(TenantId tenant, String publicId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(tenant.value(), publicId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(datapoint(rows.iterator().next())));
    }

    /** The latest datapoint of each of the tenant's events that has one. */
    public Uni<List<StoredDatapoint>> latest(TenantId tenant) {
        return pool.preparedQuery(LATEST).execute(Tuple.of(tenant.value())).map(DatapointStore::list);
    }

    /** The downsampled series of one of the tenant's events since {@code from}, ascending. */
    public Uni<List<StoredDatapoint>> series(TenantId tenant, String eventPublicId, Instant from, int maxPoints) {
        return pool.preparedQuery(SERIES).execute(Tuple.of(tenant.value(), eventPublicId, utc(from), maxPoints))
                .map(DatapointStore::list);
    }

    /**
     * Deletes the tenant's datapoint and recomputes the rollup bucket it was in (with the bucket's last point, so the
     * event's latest value too), in one transaction; emits false when there was no such datapoint.
     */
    public Uni<Boolean> delete(TenantId tenant, String publicId) {
        Tuple key = Tuple.of(tenant.value(), publicId);
        return pool.withTransaction(connection -> connection.preparedQuery(FIND_EVENT_OF).execute(key)
                .flatMap(found -> found.rowCount() == 0
                        ? Uni.createFrom().item(false)
                        : deleteLocked(connection, key, found.iterator().next().getLong(0))));
    }

    private static Uni<Boolean> deleteLocked(SqlConnection connection, Tuple key, long eventId) {
        return connection.preparedQuery(LOCK_EVENT).execute(Tuple.of(eventId))
                .flatMap(locked -> connection.preparedQuery(DELETE).execute(key))
                .flatMap(deleted -> {
                    if (deleted.rowCount() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    Row row = deleted.iterator().next();
                    Tuple bucket = Tuple.of(eventId, row.getOffsetDateTime(1));
                    return connection.preparedQuery(CLEAR_BUCKET).execute(bucket)
                            .flatMap(x -> connection.preparedQuery(RECOMPUTE_BUCKET).execute(bucket))
                            .replaceWith(true);
                });
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static List<StoredDatapoint> list(RowSet<Row> rows) {
        List<StoredDatapoint> list = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> list.add(datapoint(row)));
        return list;
    }

    private static StoredDatapoint datapoint(Row row) {
        return new StoredDatapoint(row.getString(0), row.getDouble(1), row.getOffsetDateTime(2).toInstant(),
                row.getString(3), row.getString(4), row.getString(5));
    }
}
