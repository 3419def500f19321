package io.fieldline.ingest.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.ingest.IngestConfig;
import org.jboss.logging.Logger;

/**
 * The day partitions of {@code datapoint} (UTC days). They are created ahead of time by {@link #maintain()} and, for
 * a device timestamp outside that range, on demand by the writer before it copies the rows: a DEFAULT partition would
 * instead collect such rows where retention never drops them, and every later CREATE of a day partition would have
 * to scan it. Days older than the retention are dropped whole, and so are their rollups (with stale latest values).
 */
@ApplicationScoped
public class DatapointPartitions {

    private static final Logger LOG = Logger.getLogger(DatapointPartitions.class);
    private static final String PREFIX = "datapoint_d";
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;
    // Serialises partition DDL between the writer threads and instances (the class name's hash, stable).
    private static final long DDL_LOCK = 0x6669656c646c696eL;
    private static final String LIST = """
            SELECT c.relname FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            JOIN pg_class p ON p.oid = i.inhparent
            WHERE p.relname = 'datapoint' AND p.relnamespace = current_schema()::regnamespace""";

    private final DataSource dataSource;
    private final IngestConfig.Storage config;
    private final Clock clock;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    DatapointPartitions(DataSource dataSource, IngestConfig config) {
        this.dataSource = dataSource;
        this.config = config.storage();
        this.clock = Clock.systemUTC();
    }

    /** The first day still kept: points before it are not stored, partitions before it are dropped. */
    public LocalDate oldestKeptDay() {
        return LocalDate.now(clock).minusDays(config.retentionDays());
    }

    /** Creates the partitions of the given days that do not exist yet. */
    public void ensure(Collection<LocalDate> days) throws SQLException {
        List<LocalDate> missing = days.stream().filter(day -> !known.contains(day)).distinct().toList();
        if (missing.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
                Set<String> existing = names(connection);
                for (LocalDate day : missing) {
                    if (!existing.contains(name(day))) {
                        statement.execute(create(day));
                        LOG.debugf("Created partition %s", name(day));
                    }
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
        known.addAll(missing);
    }

    /** Creates today's partition and the configured days ahead, and drops the days past the retention. */
    public void maintain() throws SQLException {
        LocalDate today = LocalDate.now(clock);
        List<LocalDate> ahead = new ArrayList<>();
        for (int i = -1; i <= config.partitionsAhead(); i++) {
            ahead.add(today.plusDays(i));
        }
        ensure(ahead);
        dropBefore(oldestKeptDay());
    }

    /** Drops the partitions of days before {@code oldestKept}, with the rollups (and latest values) of that time. */
    public List<String> dropBefore(LocalDate oldestKept) throws SQLException {
        List<String> dropped = new ArrayList<>();
        Timestamp cutoff = Timestamp.from(oldestKept.atStartOfDay(ZoneOffset.UTC).toInstant());
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
                for (String name : new TreeSet<>(names(connection))) {
                    LocalDate day = day(name);
                    if (day != null && day.isBefore(oldestKept)) {
                        statement.execute("DROP TABLE " + name);
                        known.remove(day);
                        dropped.add(name);
                    }
                }
                try (PreparedStatement rollups = connection.prepareStatement(
                        "DELETE FROM datapoint_rollup_1m WHERE bucket < ?")) {
                    rollups.setTimestamp(1, cutoff);
                    rollups.executeUpdate();
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
        if (!dropped.isEmpty()) {
            LOG.infof("Dropped datapoint partitions past the retention of %d days: %s", config.retentionDays(),
                    dropped);
        }
        return dropped;
    }

    /** The names of the existing day partitions. */
    public Set<String> names() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return names(connection);
        }
    }

    static String name(LocalDate day) {
        return PREFIX + SUFFIX.format(day);
    }

    private static LocalDate day(String name) {
        if (!name.startsWith(PREFIX)) {
            return null;
        }
        return LocalDate.parse(name.substring(PREFIX.length()), SUFFIX);
    }

    private static String create(LocalDate day) {
        return "CREATE TABLE IF NOT EXISTS " + name(day) + " PARTITION OF datapoint FOR VALUES FROM ('" + day
                + "T00:00:00Z') TO ('" + day.plusDays(1) + "T00:00:00Z')";
    }

    private static Set<String> names(Connection connection) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(LIST)) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
