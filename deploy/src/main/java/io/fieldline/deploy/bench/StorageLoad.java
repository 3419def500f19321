package io.fieldline.deploy.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

import io.fieldline.testsupport.EmbeddedPostgresServer;

/**
 * Loads datapoints straight into ingest-service's tables the way its writer stores them (day partitions, rows,
 * one-minute rollups), with generate_series, so the query benchmarks need not push millions of records first.
 */
final class StorageLoad implements AutoCloseable {

    private final Connection connection;

    StorageLoad(EmbeddedPostgresServer postgres) throws SQLException {
        this.connection = DriverManager.getConnection(postgres.jdbcUrl() + "?currentSchema=ingest",
                postgres.user(), postgres.password());
    }

    /** The internal id of an event. */
    long eventId(String publicId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT id FROM event WHERE public_id = ?")) {
            statement.setString(1, publicId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Creates a running experiment row and returns its public id. */
    String experiment(String tenant, String publicId, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO experiment (public_id, tenant_id, name) VALUES (?, ?, ?)")) {
            statement.setString(1, publicId);
            statement.setString(2, tenant);
            statement.setString(3, name);
            statement.executeUpdate();
        }
        return publicId;
    }

    /**
     * Inserts {@code rows} points of one event evenly over the {@code days} days before {@code end}, one day per
     * statement, then builds their rollups. Returns the seconds it took.
     */
    double load(long eventId, String tenant, String experiment, long rows, int days, Instant end)
            throws SQLException {
        long start = System.nanoTime();
        long perDay = rows / days;
        double spacingSeconds = 86_400.0 / perDay;
        try (Statement statement = connection.createStatement()) {
            for (int d = days; d >= 1; d--) {
                Instant dayStart = end.minusSeconds(86_400L * d);
                ensurePartitions(statement, dayStart);
                String sql = String.format(Locale.ROOT,
                        """
                                INSERT INTO datapoint (id, event_id, tenant_id, public_id, value, timestamp, quality,
                                    experiment_public_id, received_at, stored_at)
                                SELECT nextval('datapoint_id_seq'), %d, '%s', gen_random_uuid(), 20 + 10 * sin(g / 500.0),
                                    t, 'GOOD', %s, t, t
                                FROM generate_series(0, %d) g, LATERAL (SELECT timestamptz '%s' + g * interval '%f seconds') s(t)
                                """,
                        eventId, tenant, experiment == null ? "NULL" : "'" + experiment + "'",
                        perDay - 1, dayStart, spacingSeconds);
                statement.executeUpdate(sql);
            }
            statement.executeUpdate("""
                    INSERT INTO datapoint_rollup_1m (event_id, bucket, min, max, sum, count, last_datapoint_id,
                        last_public_id, last_value, last_timestamp, last_quality, last_experiment_public_id)
                    SELECT DISTINCT ON (bucket) event_id, bucket, min(value) OVER b, max(value) OVER b,
                        sum(value) OVER b, count(*) OVER b, id, public_id, value, timestamp, quality,
                        experiment_public_id
                    FROM (SELECT *, date_bin('1 minute', timestamp, timestamptz '1970-01-01 00:00:00+00') AS bucket
                          FROM datapoint WHERE event_id = %d) d
                    WINDOW b AS (PARTITION BY bucket)
                    ORDER BY bucket, timestamp DESC, id DESC
                    ON CONFLICT (event_id, bucket) DO NOTHING""".formatted(eventId));
            statement.execute("ANALYZE datapoint");
            statement.execute("ANALYZE datapoint_rollup_1m");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Rows of a tenant. */
    long count(String tenant) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM datapoint WHERE tenant_id = ?")) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** p50 and p99 of stored_at − received_at in milliseconds for a tenant's rows. */
    double[] lagMillis(String tenant) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                """
                        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag), percentile_cont(0.99) WITHIN GROUP (ORDER BY lag)
                        FROM (SELECT extract(epoch FROM stored_at - received_at) * 1000 AS lag FROM datapoint
                              WHERE tenant_id = ?) l""")) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new double[]{ rows.getDouble(1), rows.getDouble(2) };
            }
        }
    }

    /**
     * Execution time reported by EXPLAIN ANALYZE for the aggregate endpoint's statement (a copy of
     * ingest-service's RollupStore SQL: per minute, or grouped per day).
     */
    double explainAggregate(String tenant, String event, Instant from, Instant to, boolean perDay)
            throws SQLException {
        String select = perDay
                ? "SELECT e.public_id, date_bin(interval '1 day', r.bucket, timestamptz '1970-01-01 00:00:00+00') b, "
                        + "min(r.min), max(r.max), sum(r.sum), sum(r.count)::bigint"
                : "SELECT e.public_id, r.bucket, r.min, r.max, r.sum, r.count";
        String sql = "EXPLAIN (ANALYZE, FORMAT JSON) " + select
                + " FROM datapoint_rollup_1m r JOIN event e ON e.id = r.event_id"
                + " WHERE e.tenant_id = ? AND e.public_id = ANY(?) AND r.bucket >= ? AND r.bucket < ?"
                + (perDay ? " GROUP BY e.public_id, b ORDER BY e.public_id, b" : " ORDER BY e.public_id, r.bucket");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, tenant);
            statement.setArray(2, connection.createArrayOf("text", new Object[]{ event }));
            statement.setTimestamp(3, java.sql.Timestamp.from(from));
            statement.setTimestamp(4, java.sql.Timestamp.from(to));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                String plan = rows.getString(1);
                int at = plan.indexOf("\"Execution Time\": ");
                return Double.parseDouble(plan.substring(at + 18, plan.indexOf('\n', at)).replaceAll("[^0-9.]", ""));
            }
        }
    }

    private static void ensurePartitions(Statement statement, Instant from) throws SQLException {
        LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC);
        for (LocalDate d : new LocalDate[]{ day, day.plusDays(1) }) {
            statement.execute("CREATE TABLE IF NOT EXISTS datapoint_d" + d.toString().replace("-", "")
                    + " PARTITION OF datapoint FOR VALUES FROM ('" + d + "T00:00:00Z') TO ('" + d.plusDays(1)
                    + "T00:00:00Z')");
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
