package io.fieldline.ingest.datapoint.api;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /api/v1/datapoints/series} (seed 000).
 *
 * @param eventPublicIds 1..20 event ids
 * @param minutes the window, 1..14400 (default 60)
 * @param maxPoints points per event at most, 10..2000 (default 500)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SeriesRequest(
        @NotNull(message = "Field required") @Size.List( {
                @Size(min = 1, message = "List should have at least 1 item after validation, not 0"),
                @Size(max = 20, message = "List should have at most 20 items after validation") }) List<@NotBlank(message = "String should have at least 1 character") String> eventPublicIds,
        @Min(value = 1, message = "Input should be greater than or equal to 1") @Max(value = 14400, message = "Input should be less than or equal to 14400") Integer minutes,
        @Min(value = 10, message = "Input should be greater than or equal to 10") @Max(value = 2000, message = "Input should be less than or equal to 2000") Integer maxPoints){

    static final int DEFAULT_MINUTES = 60;
    static final int DEFAULT_MAX_POINTS = 500;
}
