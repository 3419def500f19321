package io.fieldline.rules.incident.store;

import java.time.Instant;

/** One transition in an incident's history. */
public record HistoryEntry(String transition, String fromStatus, String toStatus, Double value, String actor,
        String note, Instant occurredAt) {
}
