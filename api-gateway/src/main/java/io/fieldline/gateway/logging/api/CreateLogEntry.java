package io.fieldline.gateway.logging.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of {@code POST /api/v1/logging}: content of 1..500 characters, type info (default), warning or error. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateLogEntry(
        @NotNull(message = "Field required") @Size(min = 1, message = "String should have at least 1 character") @Size(max = 500, message = "String should have at most 500 characters") String content,
        @Pattern(regexp = "info|warning|error", message = "Input should be 'error', 'warning' or 'info'") String loggingType) {
}
