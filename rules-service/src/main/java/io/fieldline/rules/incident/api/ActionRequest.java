package io.fieldline.rules.incident.api;

import java.time.Instant;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Optional body of the alarm actions: a note, and for shelve the expiry as {@code until} (ISO-8601) or
 * {@code duration_seconds} (one of them is required there).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ActionRequest(
        @Size(max = 1000, message = "String should have at most 1000 characters") String note,
        Instant until,
        @Min(value = 1, message = "Input should be greater than or equal to 1") @Max(value = 2_592_000, message = "Input should be less than or equal to 2592000") Integer durationSeconds) {
}
