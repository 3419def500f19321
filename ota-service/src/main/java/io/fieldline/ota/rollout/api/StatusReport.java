package io.fieldline.ota.rollout.api;

import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A device's status report.
 *
 * @param rolloutId optional: the rollout the report is about (default: the device's latest)
 * @param reason why it failed (kept for failed only)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StatusReport(String rolloutId, String status,
        @Size(max = 1000, message = "String should have at most 1000 characters") String reason) {
}
