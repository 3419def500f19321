package io.fieldline.ingest.event.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /api/v1/events} (seed 000): every field is required.
 *
 * @param type one of sensor, actuator, range, cmd_button, cmd_opened, cmd_closed
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateEventRequest(
        @NotNull(message = "Field required") @Size.List( {
                @Size(min = 1, message = "String should have at least 1 character"),
                @Size(max = 255, message = "String should have at most 255 characters") }) String name,
        @NotNull(message = "Field required") Double minValue,
        @NotNull(message = "Field required") Double maxValue,
        @NotNull(message = "Field required") @Size.List({
                @Size(min = 1, message = "String should have at least 1 character"),
                @Size(max = 255, message = "String should have at most 255 characters") }) String unit,
        @NotNull(message = "Field required") @Pattern(regexp = EventTypes.PATTERN, message = EventTypes.MESSAGE) String type){
}
