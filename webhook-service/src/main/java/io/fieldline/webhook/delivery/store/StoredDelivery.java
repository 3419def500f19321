package io.fieldline.webhook.delivery.store;

import java.time.Instant;

/** A delivery as the delivery log shows it; {@code messageId} is the Standard Webhooks {@code webhook-id}. */
public record StoredDelivery(long id, String publicId, String webhookPublicId, String messageId, String eventType,
        String status, int attempts, String lastError, Integer responseCode, Instant createdOn, Instant deliveredOn,
        Instant nextAttemptAt, String payload) {
}
