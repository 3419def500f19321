package io.fieldline.deploy.bench;

import java.io.PrintStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

import io.fieldline.deploy.PostgresCoordinates;

/**
 * Reads ingest-service's datapoint table straight from PostgreSQL (JDBC; the benchmark is not a service) for one
 * tenant: waits until every accepted datapoint is stored, then reports the acceptance-to-stored lag
 * ({@code stored_at - received_at}, percentiles computed by the database) and whether each is stored exactly once.
 * While it waits it follows the writer's own row counter, not {@code count(*)}: counting millions of rows every
 * quarter second took about a core of PostgreSQL from the writer it was waiting for.
 */
final class StorageCheck implements AutoCloseable {

    /** What the database holds for the tenant. */
    record Stored(long rows, long distinctIds, double lagP50Millis, double lagP99Millis, double lagMaxMillis) {
    }

    private static final String COUNT = "SELECT count(*) FROM ingest.datapoint WHERE tenant_id = ?";
    private static final String SUMMARY = """
            SELECT count(*), count(DISTINCT public_id),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY lag),
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY lag),
                   max(lag)
            FROM (SELECT public_id, extract(epoch FROM stored_at - received_at) * 1000 AS lag
                  FROM ingest.datapoint WHERE tenant_id = ? AND received_at >= ? AND received_at < ?) rows""";

    private static final String ROWS_STORED = "fieldline_ingest_writer_rows_total";

    private final Connection connection;
    private final String tenant;
    private final URI ingest;

    /** For {@code tenant}'s datapoints, stored by the ingest-service at {@code ingest}. */
    StorageCheck(PostgresCoordinates pg, String tenant, URI ingest) throws SQLException {
        this.connection = DriverManager.getConnection(
                "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + pg.database(), pg.user(), pg.password());
        this.tenant = tenant;
        this.ingest = ingest;
    }

    /** Rows stored for the tenant so far. */
    long count() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(COUNT)) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * Polls until at least {@code expected} rows are stored (printing progress) or the timeout passes.
     *
     * @return how long it took, or null on timeout
     */
    Duration awaitStored(long expected, Duration timeout, PrintStream out) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long stored;
        // The counter covers every tenant (the benchmark's is the only one writing); the count confirms at the end.
        while ((stored = (long) MetricsScrape.of(ingest).sum(ROWS_STORED)) < expected || count() < expected) {
            out.printf(Locale.ROOT, "\r  waiting for the writer: %,d of %,d stored   ", stored, expected);
            if (System.nanoTime() - deadline > 0) {
                out.println();
                return null;
            }
            Thread.sleep(250);
        }
        out.print("\r" + " ".repeat(80) + "\r");
        return Duration.ofNanos(System.nanoTime() - start);
    }

    Stored summary() throws SQLException {
        return summary(Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"));
    }

    /** Like {@link #summary()}, for the datapoints received in {@code [from, to)}. */
    Stored summary(Instant from, Instant to) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SUMMARY)) {
            statement.setString(1, tenant);
            statement.setObject(2, from.atOffset(ZoneOffset.UTC));
            statement.setObject(3, to.atOffset(ZoneOffset.UTC));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new Stored(rows.getLong(1), rows.getLong(2), rows.getDouble(3), rows.getDouble(4),
                        rows.getDouble(5));
            }
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
