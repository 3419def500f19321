package io.fieldline.gateway.logging.api;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of {@code PUT /api/v1/logging/{public_id}}: the new status and/or content; absent fields stay. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateLogEntry(
        @Pattern(regexp = "read|unread", message = "Input should be 'read' or 'unread'") String statusType,
        @Size(min = 1, message = "String should have at least 1 character") @Size(max = 500, message = "String should have at most 500 characters") String content) {
}
