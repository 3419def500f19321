package io.fieldline.webhook.subscription.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /api/v1/webhooks/{id}/rotate-secret}; both fields are optional.
 *
 * @param secret the new secret; generated when absent
 * @param graceSeconds how long the old secret keeps signing; the configured default when absent
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RotateSecretRequest(String secret,
        @Min(value = 0, message = "Input should be greater than or equal to 0") @Max(value = 604800, message = "Input should be less than or equal to 604800") Long graceSeconds) {
}
