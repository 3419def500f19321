package io.fieldline.gateway.logging.store;

import java.time.Instant;

/** A log entry as stored (without internal ids). */
public record LogEntryRow(String publicId, String content, String loggingType, String statusType, Instant createdOn,
        String userPublicId) {
}
