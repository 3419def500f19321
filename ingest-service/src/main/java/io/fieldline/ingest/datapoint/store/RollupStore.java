package io.fieldline.ingest.datapoint.store;

import java.time.Instant;
import java.util.HashMap;
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
    // The JSON of each event's buckets is built in the database: a 30-day, one-minute answer has 43,200 buckets,
    // and decoding them into objects only to encode them again costs the service more than the query itself.
    private static final String AS_JSON = """
            SELECT public_id, json_agg(json_strip_nulls(json_build_object(
                    'bucket', to_char(b AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                    'min', CASE WHEN $5 THEN mn END, 'max', CASE WHEN $6 THEN mx END,
                    'avg', CASE WHEN $7 THEN s / c END, 'sum', CASE WHEN $8 THEN s END,
                    'count', CASE WHEN $9 THEN c END)) ORDER BY b)::text
            FROM (%s) AS buckets(public_id, b, mn, mx, s, c)
            GROUP BY public_id""";
    private static final Map<String, String> QUERIES = Map.of("1m", AS_JSON.formatted(MINUTES),
            "1h", AS_JSON.formatted(GROUPED.formatted("1 hour")), "1d", AS_JSON.formatted(GROUPED.formatted("1 day")));

    private final Pool pool;

    RollupStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Per named event of the tenant that has buckets with data in [from, to): the JSON array of its buckets,
     * ascending, each {@code {"bucket", <the requested functions>}}.
     */
    public Uni<Map<String, String>> aggregate(TenantId tenant, List<String> eventPublicIds, Instant from, Instant to,
            String interval, List<String> functions) {
        String sql = QUERIES.get(interval);
        if (sql == null) {
            throw new IllegalArgumentException("interval " + interval);
        }
        Tuple args = Tuple.tuple().addString(tenant.value()).addArrayOfString(eventPublicIds.toArray(String[]::new))
                .addOffsetDateTime(DatapointStore.utc(from)).addOffsetDateTime(DatapointStore.utc(to))
                .addBoolean(functions.contains("min")).addBoolean(functions.contains("max"))
                .addBoolean(functions.contains("avg")).addBoolean(functions.contains("sum"))
                .addBoolean(functions.contains("count"));
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            Map<String, String> byEvent = new HashMap<>();
            for (Row row : rows) {
                byEvent.put(row.getString(0), row.getString(1));
            }
            return byEvent;
        });
    }
}
