package io.fieldline.ingest.event.api;

import java.time.Instant;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** An event as seed 000 answers it, plus when it last changed. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EventResponse(String publicId, String name, double minValue, double maxValue, String unit, String type,
        Instant createdOn, Instant updatedOn, String userPublicId) {
}
