package io.fieldline.ingest.datapoint.store;

import java.time.Instant;

/** One bucket of one event, combined from the one-minute rollups. */
public record AggregateRow(String eventPublicId, Instant bucket, double min, double max, double sum, long count) {
}
