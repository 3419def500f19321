package io.fieldline.ingest.datapoint.store;

import java.time.Instant;

/** A stored datapoint as the queries read it. */
public record StoredDatapoint(String publicId, double value, Instant timestamp, String eventPublicId,
        String experimentPublicId, String quality) {
}
