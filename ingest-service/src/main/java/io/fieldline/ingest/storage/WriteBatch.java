package io.fieldline.ingest.storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.fieldline.model.Datapoint;
import io.fieldline.model.DatapointsReceived;
import org.apache.kafka.common.TopicPartition;

/** The datapoints read since the last flush, and the next Kafka offset of every partition they came from. */
final class WriteBatch {

    /** One datapoint to store, flattened from its record. */
    record Point(String tenant, String eventPublicId, UUID publicId, double value, Instant timestamp,
            String quality, String experimentPublicId, Instant receivedAt) {

        /** The event's key in {@link EventIds}. */
        String eventKey() {
            return EventIds.key(tenant, eventPublicId);
        }
    }

    private final List<Point> points = new ArrayList<>();
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private long startedNanos;

    /** Adds the datapoints of a record (those with a malformed public id are skipped) and advances its partition. */
    int add(TopicPartition partition, long offset, DatapointsReceived received) {
        int skipped = 0;
        for (Datapoint datapoint : received.datapoints()) {
            UUID publicId = uuid(datapoint.id());
            if (publicId == null) {
                skipped++;
                continue;
            }
            points.add(new Point(received.tenantId().value(), received.eventId(), publicId, datapoint.value(),
                    datapoint.timestamp(), datapoint.quality().name(), datapoint.experimentId(),
                    received.receivedAt()));
        }
        advance(partition, offset);
        return skipped;
    }

    /** Advances the partition past a record that holds nothing to store (unreadable). */
    void advance(TopicPartition partition, long offset) {
        if (nextOffsets.isEmpty()) {
            startedNanos = System.nanoTime();
        }
        nextOffsets.put(partition, offset + 1);
    }

    List<Point> points() {
        return points;
    }

    Map<TopicPartition, Long> nextOffsets() {
        return nextOffsets;
    }

    /** Whether no record was added since the last {@link #clear()}. */
    boolean isEmpty() {
        return nextOffsets.isEmpty();
    }

    /** Whether the first record of the batch arrived at least {@code intervalNanos} ago. */
    boolean isDue(long intervalNanos) {
        return !isEmpty() && System.nanoTime() - startedNanos >= intervalNanos;
    }

    /** Nanoseconds until {@link #isDue} turns true (0 when due, the whole interval when empty). */
    long nanosUntilDue(long intervalNanos) {
        return isEmpty() ? intervalNanos : Math.max(0, intervalNanos - (System.nanoTime() - startedNanos));
    }

    void clear() {
        points.clear();
        nextOffsets.clear();
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
