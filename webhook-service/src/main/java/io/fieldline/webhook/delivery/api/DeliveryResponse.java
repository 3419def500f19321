package io.fieldline.webhook.delivery.api;

import java.time.Instant;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A delivery as seed 000's log shows it, plus Fieldline's {@code webhook_public_id}, {@code message_id} (the
 * Standard Webhooks {@code webhook-id}) and {@code next_attempt_at}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeliveryResponse(String publicId, String webhookPublicId, String messageId, String eventType,
        String status, int attempts, String lastError, Integer responseCode, Instant createdOn, Instant deliveredOn,
        Instant nextAttemptAt) {
}
