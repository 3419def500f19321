package io.fieldline.ingest.event.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Answer of {@code POST /api/v1/events}: seed 000's {@code {"status","message"}} plus the new event's
 * {@code public_id}, so a client need not search the list for what it just created.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EventCreatedResponse(String status, String message, String publicId) {
}
