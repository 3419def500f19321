package io.fieldline.ingest.event.api;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of {@code PUT /api/v1/events/{public_id}}: a partial update, absent or null fields keep their value. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateEventRequest(
        @Size.List( {
                @Size(min = 1, message = "String should have at least 1 character"),
                @Size(max = 255, message = "String should have at most 255 characters") }) String name,
        Double minValue,
        Double maxValue,
        @Size.List({ @Size(min = 1, message = "String should have at least 1 character"),
                @Size(max = 255, message = "String should have at most 255 characters") }) String unit,
        @Pattern(regexp = EventTypes.PATTERN, message = EventTypes.MESSAGE) String type){
}
