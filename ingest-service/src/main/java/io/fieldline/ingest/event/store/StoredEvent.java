package io.fieldline.ingest.event.store;

import java.time.Instant;

/**
 * An event (channel) as stored for its tenant; the internal row id never leaves the store.
 *
 * @param userPublicId who created it (the caller's subject), or null when unknown
 */
public record StoredEvent(String publicId, String name, double minValue, double maxValue, String unit, String type,
        String userPublicId, Instant createdOn, Instant updatedOn) {
}
