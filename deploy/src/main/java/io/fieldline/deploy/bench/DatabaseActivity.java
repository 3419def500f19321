package io.fieldline.deploy.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import io.fieldline.deploy.PostgresCoordinates;

/**
 * The database load of a benchmark phase, from PostgreSQL's own counters ({@code pg_stat_database}, whole database):
 * transactions, rows read and written, and buffer reads that missed the cache, between two snapshots. A busy backend
 * reports its counts at most once a second and an idle one after up to 10 s, so a snapshot is taken once the phase
 * before it has settled, and rates are per second of the phase rather than of the time between the snapshots.
 */
final class DatabaseActivity {

    private static final String COUNTERS = """
            SELECT xact_commit + xact_rollback, tup_returned + tup_fetched,
                   tup_inserted + tup_updated + tup_deleted, blks_read, blks_hit
            FROM pg_stat_database WHERE datname = current_database()""";

    /** The counters at one moment. */
    record Snapshot(long transactions, long rowsRead, long rowsWritten, long blocksRead, long blocksHit) {
    }

    private final PostgresCoordinates pg;

    DatabaseActivity(PostgresCoordinates pg) {
        this.pg = pg;
    }

    /** The counters once every backend has reported what it did until now (PostgreSQL's idle interval is 10 s). */
    Snapshot settledSnapshot() throws SQLException, InterruptedException {
        Thread.sleep(11_000);
        // A fresh connection each time: the statistics of a session are a snapshot frozen within its transaction.
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + pg.database(), pg.user(), pg.password());
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(COUNTERS)) {
            row.next();
            return new Snapshot(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5));
        }
    }

    /** One line: rates per second of a phase of {@code seconds}, and per operation of the benchmark. */
    static String describe(Snapshot from, Snapshot to, double seconds, long operations) {
        long transactions = to.transactions() - from.transactions();
        long rowsRead = to.rowsRead() - from.rowsRead();
        long blocksRead = to.blocksRead() - from.blocksRead();
        long blocksHit = to.blocksHit() - from.blocksHit();
        return String.format(Locale.ROOT, "%.0f transactions/s, %.0f rows read/s (%.1f per operation), %.0f rows "
                + "written/s, buffer cache hits %.2f %% (%d blocks read from disk)", transactions / seconds,
                rowsRead / seconds, rowsRead / (double) Math.max(1, operations),
                (to.rowsWritten() - from.rowsWritten()) / seconds,
                100.0 * blocksHit / Math.max(1, blocksHit + blocksRead), blocksRead);
    }
}
