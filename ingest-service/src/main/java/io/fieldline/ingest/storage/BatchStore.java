package io.fieldline.ingest.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.apache.kafka.common.TopicPartition;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Stores one {@link WriteBatch} in a single transaction: the rows (COPY), their one-minute rollups (which carry the
 * latest value per event) and the next Kafka offset of each partition. Because the offsets commit with the rows, a
 * batch is stored exactly once: a redelivered record lies before the stored offset the writer seeks to. The offset
 * update is also a fence: it only applies where the stored offset is the one this writer started from, so a writer
 * that lost its partition to another (a rebalance during a slow flush) cannot store the same records a second time.
 */
final class BatchStore {

    /** Outcome of a stored batch. */
    record Written(int rows, int droppedUnknownEvent, int droppedExpired) {
    }

    /** Another writer advanced a partition of this batch: nothing was stored, the writer must seek again. */
    static final class Fenced extends Exception {

        Fenced(TopicPartition partition) {
            super("Stored offset of " + partition + " moved under this writer", null, false, false);
        }
    }

    // Run after the locks, as a statement of its own: its snapshot then sees every delete that held a lock.
    private static final String PRESENT_EVENTS = "SELECT id FROM event WHERE id = ANY(?)";
    private static final String RESERVE_IDS = "SELECT nextval('datapoint_id_seq') FROM generate_series(1, ?)";
    private static final String COPY = """
            COPY datapoint (id, event_id, tenant_id, public_id, value, timestamp, quality, experiment_public_id,
                received_at) FROM STDIN (FORMAT binary)""";
    // A bucket's last point (highest timestamp, then id) is kept in its row: the newest bucket's is the event's latest.
    private static final String ROLLUP = """
            INSERT INTO datapoint_rollup_1m AS r (event_id, bucket, min, max, sum, count, last_datapoint_id,
                last_public_id, last_value, last_timestamp, last_quality, last_experiment_public_id)
            SELECT e, to_timestamp(b), mn, mx, s, c, li, lp, lv, lt, lq, lx
            FROM unnest(?::bigint[], ?::bigint[], ?::float8[], ?::float8[], ?::float8[], ?::bigint[], ?::bigint[],
                ?::uuid[], ?::float8[], ?::timestamptz[], ?::text[], ?::text[])
                AS u(e, b, mn, mx, s, c, li, lp, lv, lt, lq, lx)
            ON CONFLICT (event_id, bucket) DO UPDATE SET min = least(r.min, excluded.min),
                max = greatest(r.max, excluded.max), sum = r.sum + excluded.sum, count = r.count + excluded.count,
                last_datapoint_id = %1$s excluded.last_datapoint_id ELSE r.last_datapoint_id END,
                last_public_id = %1$s excluded.last_public_id ELSE r.last_public_id END,
                last_value = %1$s excluded.last_value ELSE r.last_value END,
                last_timestamp = %1$s excluded.last_timestamp ELSE r.last_timestamp END,
                last_quality = %1$s excluded.last_quality ELSE r.last_quality END,
                last_experiment_public_id = %1$s excluded.last_experiment_public_id
                    ELSE r.last_experiment_public_id END"""
            .formatted("CASE WHEN (excluded.last_timestamp, excluded.last_datapoint_id)"
                    + " > (r.last_timestamp, r.last_datapoint_id) THEN");
    private static final String OFFSET = """
            INSERT INTO datapoint_writer_offset AS o (consumer_group, topic, partition, next_offset)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = excluded.next_offset,
                updated_on = now()
            WHERE o.next_offset = ?""";
    private static final String LOAD_OFFSETS = """
            SELECT topic, partition, next_offset FROM datapoint_writer_offset
            WHERE consumer_group = ? AND topic = ?""";

    private final DataSource dataSource;
    private final DatapointPartitions partitions;
    private final String group;
    private final EventIds eventIds = new EventIds();

    BatchStore(DataSource dataSource, DatapointPartitions partitions, String group) {
        this.dataSource = dataSource;
        this.partitions = partitions;
        this.group = group;
    }

    /** The stored next offsets of the topic's partitions (absent: never stored). */
    Map<TopicPartition, Long> offsets(String topic) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(LOAD_OFFSETS)) {
            statement.setString(1, group);
            statement.setString(2, topic);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    offsets.put(new TopicPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
                }
            }
        }
        return offsets;
    }

    /**
     * Stores the batch. {@code expected} holds, per partition, the stored offset this writer started from (null:
     * none was stored yet).
     */
    Written write(WriteBatch batch, Map<TopicPartition, Long> expected) throws SQLException, Fenced {
        LocalDate oldestKept = partitions.oldestKeptDay();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Set<String> keys = new LinkedHashSet<>();
                batch.points().forEach(point -> keys.add(point.eventKey()));
                Map<String, Long> ids = eventIds.resolve(connection, keys);
                // On a connection of its own, so before this transaction holds any lock another flush may wait for.
                partitions.ensure(daysToStore(batch, ids, oldestKept));
                Set<Long> wanted = new TreeSet<>(ids.values());
                Set<Long> present = lockPresentEvents(connection, wanted);
                if (present.size() < wanted.size()) {
                    eventIds.forget(); // an event was deleted after its id was cached
                }
                List<WriteBatch.Point> kept = new ArrayList<>(batch.points().size());
                List<Long> eventIdOf = new ArrayList<>(batch.points().size());
                int unknown = 0;
                int expired = 0;
                for (WriteBatch.Point point : batch.points()) {
                    Long eventId = ids.get(point.eventKey());
                    if (eventId == null || !present.contains(eventId)) {
                        unknown++;
                    } else if (day(point).isBefore(oldestKept)) {
                        expired++;
                    } else {
                        kept.add(point);
                        eventIdOf.add(eventId);
                    }
                }
                if (!kept.isEmpty()) {
                    long[] rowIds = reserveIds(connection, kept.size());
                    copy(connection, kept, eventIdOf, rowIds);
                    rollups(connection, kept, eventIdOf, rowIds);
                }
                storeOffsets(connection, batch.nextOffsets(), expected);
                connection.commit();
                return new Written(kept.size(), unknown, expired);
            } catch (SQLException | Fenced | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
    }

    private static Set<LocalDate> daysToStore(WriteBatch batch, Map<String, Long> ids, LocalDate oldestKept) {
        Set<LocalDate> days = new TreeSet<>();
        for (WriteBatch.Point point : batch.points()) {
            LocalDate day = day(point);
            if (ids.containsKey(point.eventKey()) && !day.isBefore(oldestKept)) {
                days.add(day);
            }
        }
        return days;
    }

    private static LocalDate day(WriteBatch.Point point) {
        return LocalDate.ofInstant(point.timestamp(), ZoneOffset.UTC);
    }

    private static long[] reserveIds(Connection connection, int count) throws SQLException {
        long[] ids = new long[count];
        try (PreparedStatement statement = connection.prepareStatement(RESERVE_IDS)) {
            statement.setInt(1, count);
            try (ResultSet rows = statement.executeQuery()) {
                int i = 0;
                while (rows.next()) {
                    ids[i++] = rows.getLong(1);
                }
            }
        }
        // Ascending in batch order, so the internal order follows the order of acceptance.
        Arrays.sort(ids);
        return ids;
    }

    /**
     * Locks the events' stripes shared ({@link EventLocks}) and answers which of the events still exist. The lock
     * serialises this flush with an event's delete (no datapoint of a deleted event is stored: the table has no
     * foreign key) and with a datapoint delete that recomputes the event's rollup bucket.
     */
    private static Set<Long> lockPresentEvents(Connection connection, Collection<Long> eventIds) throws SQLException {
        Set<Long> present = new HashSet<>();
        if (eventIds.isEmpty()) {
            return present;
        }
        try (PreparedStatement lock = connection.prepareStatement(EventLocks.LOCK_SHARED);
                PreparedStatement check = connection.prepareStatement(PRESENT_EVENTS)) {
            lock.setArray(1, connection.createArrayOf("int4", EventLocks.stripes(eventIds)));
            lock.executeQuery().close();
            check.setArray(1, connection.createArrayOf("bigint", eventIds.toArray()));
            try (ResultSet rows = check.executeQuery()) {
                while (rows.next()) {
                    present.add(rows.getLong(1));
                }
            }
        }
        return present;
    }

    private static void copy(Connection connection, List<WriteBatch.Point> points, List<Long> eventIds, long[] ids)
            throws SQLException {
        byte[] rows = CopyRows.encode(points, eventIds, ids);
        try {
            new CopyManager(connection.unwrap(BaseConnection.class)).copyIn(COPY, new ByteArrayInputStream(rows));
        } catch (IOException e) {
            throw new SQLException("COPY into datapoint failed", e);
        }
    }

    /**
     * Upserts the one-minute buckets the points fall in, once each, with the bucket's last point (timestamp, then
     * internal order: ids ascend in batch order).
     */
    private static void rollups(Connection connection, List<WriteBatch.Point> points, List<Long> eventIds, long[] ids)
            throws SQLException {
        // In key order: the upsert then locks rollup rows in the order any other flush would, so two writers that
        // both hold an event for a moment (a rebalance) cannot deadlock on its rows.
        Map<Bucket, Aggregate> buckets = new TreeMap<>();
        for (int i = 0; i < points.size(); i++) {
            WriteBatch.Point point = points.get(i);
            Bucket bucket = new Bucket(eventIds.get(i), Math.floorDiv(point.timestamp().getEpochSecond(), 60) * 60);
            Aggregate aggregate = buckets.get(bucket);
            if (aggregate == null) {
                buckets.put(bucket, new Aggregate(point.value(), i));
            } else {
                aggregate.add(point.value(), i, !point.timestamp().isBefore(points.get(aggregate.last).timestamp()));
            }
        }
        int n = buckets.size();
        Object[][] columns = new Object[12][n];
        int row = 0;
        for (Map.Entry<Bucket, Aggregate> entry : buckets.entrySet()) {
            Aggregate aggregate = entry.getValue();
            WriteBatch.Point last = points.get(aggregate.last);
            columns[0][row] = entry.getKey().eventId();
            columns[1][row] = entry.getKey().epochSecond();
            columns[2][row] = aggregate.min;
            columns[3][row] = aggregate.max;
            columns[4][row] = aggregate.sum;
            columns[5][row] = aggregate.count;
            columns[6][row] = ids[aggregate.last];
            columns[7][row] = last.publicId().toString();
            columns[8][row] = last.value();
            columns[9][row] = last.timestamp().toString();
            columns[10][row] = last.quality();
            columns[11][row] = last.experimentPublicId();
            row++;
        }
        String[] types = { "bigint", "bigint", "float8", "float8", "float8", "bigint", "bigint", "text", "float8",
                "text", "text", "text" };
        try (PreparedStatement statement = connection.prepareStatement(ROLLUP)) {
            for (int c = 0; c < columns.length; c++) {
                statement.setArray(c + 1, connection.createArrayOf(types[c], columns[c]));
            }
            statement.executeUpdate();
        }
    }

    private void storeOffsets(Connection connection, Map<TopicPartition, Long> next,
            Map<TopicPartition, Long> expected) throws SQLException, Fenced {
        try (PreparedStatement statement = connection.prepareStatement(OFFSET)) {
            for (Map.Entry<TopicPartition, Long> entry : next.entrySet()) {
                TopicPartition partition = entry.getKey();
                statement.setString(1, group);
                statement.setString(2, partition.topic());
                statement.setInt(3, partition.partition());
                statement.setLong(4, entry.getValue());
                Long from = expected.get(partition);
                if (from == null) {
                    statement.setNull(5, Types.BIGINT);
                } else {
                    statement.setLong(5, from);
                }
                if (statement.executeUpdate() != 1) {
                    throw new Fenced(partition);
                }
            }
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; closing it discards the transaction anyway.
        }
    }

    private record Bucket(long eventId, long epochSecond) implements Comparable<Bucket> {

        @Override
        public int compareTo(Bucket other) {
            int byEvent = Long.compare(eventId, other.eventId);
            return byEvent != 0 ? byEvent : Long.compare(epochSecond, other.epochSecond);
        }
    }

    /** A bucket's aggregates over the batch, and the index of its last point. */
    private static final class Aggregate {

        double min;
        double max;
        double sum;
        long count = 1;
        int last;

        Aggregate(double value, int index) {
            min = value;
            max = value;
            sum = value;
            last = index;
        }

        void add(double value, int index, boolean isLast) {
            min = Math.min(min, value);
            max = Math.max(max, value);
            sum += value;
            count++;
            if (isLast) {
                last = index;
            }
        }
    }
}
