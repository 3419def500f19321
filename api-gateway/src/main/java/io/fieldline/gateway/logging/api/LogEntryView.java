package io.fieldline.gateway.logging.api;

import java.time.Instant;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fieldline.gateway.logging.store.LogEntryRow;

/** A log entry as the API shows it (seed 000 fields). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LogEntryView(String publicId, String content, String loggingType, String statusType,
        Instant createdOn, String userPublicId) {

    static LogEntryView of(LogEntryRow row) {
        return new LogEntryView(row.publicId(), row.content(), row.loggingType(), row.statusType(), row.createdOn(),
                row.userPublicId());
    }
}
