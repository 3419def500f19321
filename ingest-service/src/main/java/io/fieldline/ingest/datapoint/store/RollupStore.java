package io.fieldline.ingest.datapoint.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Aggregates from the one-minute rollups ({@code datapoint_rollup_1m}, kept by the writer): a 30-day, one-minute
 * query reads at most 43,200 rollup rows per event through the primary key instead of every raw datapoint.
 */
@ApplicationScoped
public class RollupStore {

    // Buckets are aligned to the Unix epoch (UTC midnight for days) with date_bin. One-minute buckets are the
    // rollup rows themselves, read in primary-key order without grouping.
    private static final String MINUTES = """
            SELECT e.public_id, r.bucket, r.min, r.max, r.sum, r.count
            FROM datapoint_rollup_1m r JOIN event e ON e.id = r.event_id
            WHERE e.tenant_id = $1 AND e.public_id = ANY($2) AND r.bucket >= $3 AND r.bucket < $4
            ORDER BY e.public_id, r.bucket""";
    private static final String GROUPED = """
            SELECT e.public_id, date_bin(interval '%s', r.bucket, timestamptz '1970-01-01 00:00:00+00') AS b,
                min(r.min), max(r.max), sum(r.sum), sum(r.count)::bigint
            FROM datapoint_rollup_1m r JOIN event e ON e.id = r.event_id
            WHERE e.tenant_id = $1 AND e.public_id = ANY($2) AND r.bucket >= $3 AND r.bucket < $4
            GROUP BY e.public_id, b ORDER BY e.public_id, b""";
    private static final Map<String, String> QUERIES = Map.of("1m", MINUTES, "1h", GROUPED.formatted("1 hour"),
            "1d", GROUPED.formatted("1 day"));

    private final Pool pool;

    RollupStore(Pool pool) {
        this.pool = pool;
    }

    /** The buckets with data of the tenant's named events in [from, to), by event then time. */
    public Uni<List<AggregateRow>> aggregate(TenantId tenant, List<String> eventPublicIds, Instant from, Instant to,
            String interval) {
        String sql = QUERIES.get(interval);
        if (sql == null) {
            throw new IllegalArgumentException("interval " + interval);
        }
        Tuple args = Tuple.of(tenant.value(), eventPublicIds.toArray(String[]::new), DatapointStore.utc(from),
                DatapointStore.utc(to));
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<AggregateRow> list = new ArrayList<>(rows.rowCount());
            for (Row row : rows) {
                list.add(new AggregateRow(row.getString(0), row.getOffsetDateTime(1).toInstant(), row.getDouble(2),
                        row.getDouble(3), row.getDouble(4), row.getLong(5)));
            }
            return list;
        });
    }
}
