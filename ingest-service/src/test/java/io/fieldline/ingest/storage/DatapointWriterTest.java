package io.fieldline.ingest.storage;

import static io.fieldline.ingest.DatapointRecords.awaitStored;
import static io.fieldline.ingest.DatapointRecords.count;
import static io.fieldline.ingest.DatapointRecords.point;
import static io.fieldline.ingest.DatapointRecords.send;
import static io.fieldline.ingest.DatapointRecords.sendAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.fieldline.ingest.IngestConfig;
import io.fieldline.ingest.event.EventCallers;
import io.fieldline.model.Datapoint;
import io.fieldline.model.DatapointsReceived;
import io.fieldline.model.Quality;
import io.fieldline.model.Role;
import io.fieldline.model.Topic;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.MintedIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The storage writer against real Kafka and PostgreSQL: exactly once, rollups, latest, outages, partitions. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class DatapointWriterTest {

    private static final Duration STORED_WITHIN = Duration.ofSeconds(30);

    @Inject
    DataSource dataSource;

    @Inject
    DatapointPartitions partitions;

    @Inject
    IngestConfig config;

    @Inject
    WriterMetrics metrics;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Test
    void storesEveryPointOnceWhileConsumersJoinAndLeave() throws Exception {
        // GIVEN an event
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = EventCallers.create(operator, "Flow");

        // WHEN records arrive while a third writer joins the group and leaves again (two rebalances)
        sendAll(records(operator, event, 50, 20));
        WriterLoop extra = new WriterLoop("test-writer", kafkaConfig,
                config.storage().writer(), new BatchStore(dataSource, partitions, config.storage().writer().groupId()),
                metrics);
        Thread thread = new Thread(extra, "test-writer");
        thread.start();
        sendAll(records(operator, event, 50, 20));
        Thread.sleep(1500);
        sendAll(records(operator, event, 50, 20));
        extra.stop();
        thread.join(15_000);
        sendAll(records(operator, event, 50, 20));

        // THEN every datapoint is stored exactly once, and the rollups count each once
        awaitStored(dataSource, operator.tenant(), 4_000, STORED_WITHIN);
        assertEquals(4_000, count(dataSource, """
                SELECT coalesce(sum(r.count), 0) FROM datapoint_rollup_1m r JOIN event e ON e.id = r.event_id
                WHERE e.public_id = ?""", event));
        assertEquals(4_000, count(dataSource,
                "SELECT count(DISTINCT public_id) FROM datapoint WHERE tenant_id = ?", operator.tenant().value()));
    }

    @Test
    void aFlushOverFiftyThousandEventsIsStoredWhole() throws Exception {
        // GIVEN 50,000 events of one tenant: a lock per event would be more than PostgreSQL's lock table holds at
        // its defaults (max_locks_per_transaction 64 per connection)
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        List<String> events = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO event (public_id, tenant_id, name, min_value, max_value, unit, type)
                        SELECT gen_random_uuid()::text, ?, 'e' || g, 0, 100, 'u', 'sensor'
                        FROM generate_series(1, 50000) g RETURNING public_id""")) {
            insert.setString(1, operator.tenant().value());
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    events.add(rows.getString(1));
                }
            }
        }

        // WHEN one batch holds a point of each
        TopicPartition partition = new TopicPartition(Topic.DATAPOINTS.topicName(), 0);
        WriteBatch batch = new WriteBatch();
        Instant now = Instant.now();
        for (int i = 0; i < events.size(); i++) {
            batch.add(partition, i, new DatapointsReceived(operator.tenant(), events.get(i), List.of(point(i, now)),
                    now));
        }
        Map<TopicPartition, Long> expected = new HashMap<>();
        expected.put(partition, null);
        BatchStore store = new BatchStore(dataSource, partitions, "test-group-" + operator.tenant().value());

        // THEN it is stored in one flush: a row and a rollup (with its latest value) per event
        assertEquals(50_000, store.write(batch, expected).rows());
        assertEquals(50_000, count(dataSource, """
                SELECT count(*) FROM datapoint_rollup_1m r JOIN event e ON e.id = r.event_id
                WHERE e.tenant_id = ? AND r.last_value = r.max""", operator.tenant().value()));
    }

    @Test
    void aBatchWrittenAgainFromTheSameOffsetsIsRefused() throws Exception {
        // GIVEN a batch stored as the writer stores it, from offset 0 of a partition no consumer reads
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = EventCallers.create(operator, "Replayed");
        DirectBatch batch = directBatch(operator, event, List.of(point(1, Instant.now()), point(2, Instant.now())),
                Instant.now());
        assertEquals(2, batch.write());

        // WHEN the same records are delivered again from the same position (a redelivery)
        // THEN nothing is stored a second time
        assertThrows(BatchStore.Fenced.class, batch::write);
        assertEquals(2, count(dataSource, "SELECT count(*) FROM datapoint WHERE tenant_id = ?",
                operator.tenant().value()));
        assertEquals(2, count(dataSource, """
                SELECT sum(r.count) FROM datapoint_rollup_1m r JOIN event e ON e.id = r.event_id
                WHERE e.public_id = ?""", event));
    }

    @Test
    void aStoredRowHoldsEveryFieldOfItsRecord() throws Exception {
        // GIVEN two points with microsecond timestamps, non-default qualities, one of an experiment
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = EventCallers.create(operator, "Columns");
        Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(90).plusNanos(123_456_000);
        Instant second = first.plusNanos(1_000);
        Instant received = first.plusNanos(654_321_000);
        String experiment = UUID.randomUUID().toString();
        Datapoint tagged = new Datapoint(UUID.randomUUID().toString(), -0.0125, first, Quality.UNCERTAIN, experiment);
        Datapoint untagged = new Datapoint(UUID.randomUUID().toString(), 1.5e300, second, Quality.BAD, null);

        // WHEN the writer stores them
        assertEquals(2, directBatch(operator, event, List.of(tagged, untagged), received).write());

        // THEN each row holds exactly what its record said
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT d.public_id, d.value, d.timestamp, d.quality, d.experiment_public_id, d.received_at,
                            d.tenant_id, e.public_id
                        FROM datapoint d JOIN event e ON e.id = d.event_id WHERE d.tenant_id = ? ORDER BY d.id""")) {
            select.setString(1, operator.tenant().value());
            try (ResultSet rows = select.executeQuery()) {
                for (Datapoint point : List.of(tagged, untagged)) {
                    assertTrue(rows.next());
                    assertEquals(UUID.fromString(point.id()), rows.getObject(1, UUID.class));
                    assertEquals(point.value(), rows.getDouble(2));
                    assertEquals(point.timestamp(), rows.getObject(3, OffsetDateTime.class).toInstant());
                    assertEquals(point.quality().name(), rows.getString(4));
                    assertEquals(point.experimentId(), rows.getString(5));
                    assertEquals(received, rows.getObject(6, OffsetDateTime.class).toInstant());
                    assertEquals(operator.tenant().value(), rows.getString(7));
                    assertEquals(event, rows.getString(8));
                }
                assertFalse(rows.next());
            }
        }
    }

    @Test
    void rollupsAndLatestAreKeptPerFlush() throws Exception {
        // GIVEN an event
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = EventCallers.create(operator, "Pressure");
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES);

        // WHEN a batch shares one timestamp [10, 20] and an older minute gets [3, -1, 7]
        send(operator.tenant(), event, List.of(point(3, minute.minusSeconds(50)), point(-1, minute.minusSeconds(30)),
                point(7, minute.minusSeconds(1))));
        send(operator.tenant(), event, List.of(point(10, minute.plusSeconds(5)), point(20, minute.plusSeconds(5))));
        // AND a late point with an older timestamp arrives after them
        send(operator.tenant(), event, List.of(point(99, minute.minusSeconds(40))));
        awaitStored(dataSource, operator.tenant(), 6, STORED_WITHIN);

        // THEN the rollups hold min/max/sum/count per minute
        assertEquals(List.of("-1.0,99.0,108.0,4", "10.0,20.0,30.0,2"), rollups(event));
        // AND the latest is the last of the batch (same timestamp, highest internal order), not the late point
        assertEquals(20, latestValue(event));
    }

    @Test
    void catchesUpAfterPostgresReturnsWithExactCounts() throws Exception {
        var postgres = EmbeddedPostgresResource.server();
        Assumptions.assumeTrue(postgres != null, "external PostgreSQL: cannot stop it");
        // GIVEN an event and some stored points
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = EventCallers.create(operator, "Outage");
        sendAll(records(operator, event, 10, 10));
        awaitStored(dataSource, operator.tenant(), 100, STORED_WITHIN);

        // WHEN PostgreSQL stops while records keep arriving
        postgres.stop();
        try {
            sendAll(records(operator, event, 30, 10));
            Thread.sleep(2_000);
        } finally {
            postgres.restart();
        }

        // THEN once it is back the writer stores all of them, once
        awaitStored(dataSource, operator.tenant(), 400, Duration.ofSeconds(60));
        assertEquals(400, count(dataSource, """
                SELECT sum(r.count) FROM datapoint_rollup_1m r JOIN event e ON e.id = r.event_id
                WHERE e.public_id = ?""", event));
    }

    @Test
    void pointsOfUnknownOrDeletedEventsAreDropped() throws Exception {
        // GIVEN one event that exists and one public id that never did
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = EventCallers.create(operator, "Kept");
        send(operator.tenant(), "00000000-0000-4000-8000-000000000000", List.of(point(1, Instant.now())));
        send(operator.tenant(), event, List.of(point(2, Instant.now())));
        awaitStored(dataSource, operator.tenant(), 1, STORED_WITHIN);

        // WHEN the event is deleted and a record for it is still in the topic
        EventCallers.as(operator).when().delete("/api/v1/events/" + event).then().statusCode(200);
        send(operator.tenant(), event, List.of(point(3, Instant.now())));
        String other = EventCallers.create(operator, "After");
        send(operator.tenant(), other, List.of(point(4, Instant.now())));

        // THEN its points are gone and the writer went on with the next record
        awaitStored(dataSource, operator.tenant(), 1, STORED_WITHIN);
        assertEquals(1, count(dataSource, """
                SELECT count(*) FROM datapoint_rollup_1m r JOIN event e ON e.id = r.event_id WHERE e.tenant_id = ?""",
                operator.tenant().value()));
    }

    @Test
    void aFlushDropsThePointsOfAnEventDeletedAfterItsIdWasCached() throws Exception {
        // GIVEN a writer that stored a point of an event, so it holds the event's id in its cache
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = EventCallers.create(operator, "Cached");
        DirectBatch first = directBatch(operator, event, List.of(point(1, Instant.now())), Instant.now());
        assertEquals(1, first.write());

        // WHEN the event is deleted and the next record of it is flushed by the same writer
        EventCallers.as(operator).when().delete("/api/v1/events/" + event).then().statusCode(200);
        TopicPartition partition = new TopicPartition(Topic.DATAPOINTS.topicName(), 0);
        WriteBatch next = new WriteBatch();
        next.add(partition, 1, new DatapointsReceived(operator.tenant(), event, List.of(point(2, Instant.now())),
                Instant.now()));
        BatchStore.Written written = first.store().write(next, Map.of(partition, 1L));

        // THEN the flush goes through without the point (no foreign key would have refused it)
        assertEquals(0, written.rows());
        assertEquals(1, written.droppedUnknownEvent());
        assertEquals(0, count(dataSource, "SELECT count(*) FROM datapoint WHERE tenant_id = ?",
                operator.tenant().value()));
    }

    @Test
    void anEventDeleteWaitsForAFlushHoldingTheEventAndDeletesWhatItStored() throws Exception {
        // GIVEN a flush in progress: a transaction holding the event's lock, as the writer takes it (the datapoint
        // table has no foreign key to event, so only this lock keeps a late flush from leaving orphan rows)
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = EventCallers.create(operator, "Busy");
        long eventId = count(dataSource, "SELECT id FROM event WHERE public_id = ?", event);
        try (Connection flush = dataSource.getConnection()) {
            flush.setAutoCommit(false);
            try (PreparedStatement lock = flush.prepareStatement(EventLocks.LOCK_SHARED)) {
                lock.setArray(1, flush.createArrayOf("int4", EventLocks.stripes(List.of(eventId))));
                lock.executeQuery().close();
            }

            // WHEN the event is deleted meanwhile, and the flush then stores a point of it and commits
            CompletableFuture<Integer> delete = CompletableFuture.supplyAsync(() -> EventCallers.as(operator).when()
                    .delete("/api/v1/events/" + event).then().extract().statusCode());
            Thread.sleep(1_000);
            assertFalse(delete.isDone(), "the delete must wait for the flush");
            try (PreparedStatement insert = flush.prepareStatement("""
                    INSERT INTO datapoint (id, event_id, tenant_id, public_id, value, timestamp, quality, received_at)
                    VALUES (nextval('datapoint_id_seq'), ?, ?, gen_random_uuid(), 1, now(), 'GOOD', now())""")) {
                insert.setLong(1, eventId);
                insert.setString(2, operator.tenant().value());
                insert.executeUpdate();
            }
            flush.commit();

            // THEN the delete goes through after the flush and takes its point with the event
            assertEquals(200, delete.get(30, TimeUnit.SECONDS));
        }
        assertEquals(0, count(dataSource, "SELECT count(*) FROM datapoint WHERE tenant_id = ?",
                operator.tenant().value()));
    }

    @Test
    void createsDayPartitionsOnDemandAndDropsThemPastRetention() throws Exception {
        // GIVEN the partitions kept ahead
        partitions.maintain();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int i = 0; i <= config.storage().partitionsAhead(); i++) {
            assertTrue(partitions.names().contains(DatapointPartitions.name(today.plusDays(i))));
        }
        // WHEN a device sends a point 40 days old (inside the retention) and one older than the retention
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = EventCallers.create(operator, "Backfill");
        Instant old = today.minusDays(40).atTime(12, 0).toInstant(ZoneOffset.UTC);
        Instant expired = today.minusDays(config.storage().retentionDays() + 1).atTime(12, 0).toInstant(ZoneOffset.UTC);
        send(operator.tenant(), event, List.of(point(1, old), point(2, expired)));

        // THEN the old one is stored in a partition created for it, the expired one is not stored
        awaitStored(dataSource, operator.tenant(), 1, STORED_WITHIN);
        String partition = DatapointPartitions.name(today.minusDays(40));
        assertTrue(partitions.names().contains(partition));
        assertFalse(partitions.names().contains(DatapointPartitions.name(today.minusDays(
                config.storage().retentionDays() + 1))));

        // WHEN the retention passes that day
        List<String> dropped = partitions.dropBefore(today.minusDays(39));

        // THEN its partition, rows and rollups are gone, while today's stay
        assertTrue(dropped.contains(partition), "dropped " + dropped);
        assertEquals(0, count(dataSource, "SELECT count(*) FROM datapoint WHERE tenant_id = ?",
                operator.tenant().value()));
        assertEquals(0, count(dataSource, """
                SELECT count(*) FROM datapoint_rollup_1m r JOIN event e ON e.id = r.event_id
                WHERE e.public_id = ?""", event));
        assertTrue(partitions.names().contains(DatapointPartitions.name(today)));
    }

    private static List<DatapointsReceived> records(MintedIdentity caller, String event, int records, int points) {
        List<DatapointsReceived> list = new ArrayList<>();
        for (int r = 0; r < records; r++) {
            List<Datapoint> batch = new ArrayList<>();
            for (int p = 0; p < points; p++) {
                batch.add(point(r * points + p, Instant.now()));
            }
            list.add(new DatapointsReceived(caller.tenant(), event, batch, Instant.now()));
        }
        return list;
    }

    private List<String> rollups(String event) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection
                        .prepareStatement("""
                                SELECT r.min, r.max, r.sum, r.count FROM datapoint_rollup_1m r
                                JOIN event e ON e.id = r.event_id WHERE e.public_id = ? ORDER BY r.bucket""")) {
            statement.setString(1, event);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getDouble(1) + "," + result.getDouble(2) + "," + result.getDouble(3) + ","
                            + result.getLong(4));
                }
            }
        }
        return rows;
    }

    private double latestValue(String event) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection
                        .prepareStatement("""
                                SELECT r.last_value FROM datapoint_rollup_1m r JOIN event e ON e.id = r.event_id
                                WHERE e.public_id = ? ORDER BY r.bucket DESC LIMIT 1""")) {
            statement.setString(1, event);
            try (ResultSet result = statement.executeQuery()) {
                assertTrue(result.next());
                return result.getDouble(1);
            }
        }
    }

    /** One record's batch, written through a BatchStore of its own consumer group (so no consumer's offsets move). */
    private DirectBatch directBatch(MintedIdentity owner, String event, List<Datapoint> points, Instant receivedAt) {
        TopicPartition partition = new TopicPartition(Topic.DATAPOINTS.topicName(), 0);
        WriteBatch batch = new WriteBatch();
        batch.add(partition, 0, new DatapointsReceived(owner.tenant(), event, points, receivedAt));
        Map<TopicPartition, Long> expected = new HashMap<>();
        expected.put(partition, null);
        return new DirectBatch(new BatchStore(dataSource, partitions, "test-group-" + owner.tenant().value()), batch,
                expected);
    }

    private record DirectBatch(BatchStore store, WriteBatch batch, Map<TopicPartition, Long> expected) {

        /** Stores the batch from the offsets it started from; returns the rows stored. */
        int write() throws Exception {
            return store.write(batch, expected).rows();
        }
    }
}
