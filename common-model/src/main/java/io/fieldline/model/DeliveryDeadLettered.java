package io.fieldline.model;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The value on {@link Topic#WEBHOOKS_DLQ}: a webhook delivery that exhausted its attempts. Key:
 * {@link RecordKeys#deadLetter}.
 *
 * @param payload the exact JSON body that was sent, so it can be replayed byte for byte
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeliveryDeadLettered(
        TenantId tenantId,
        String webhookId,
        String deliveryId,
        String eventType,
        String payload,
        int attempts,
        String lastError,
        Instant deadLetteredAt) {

    /** Version of this record's schema, sent in the {@code schema-version} header. */
    public static final int SCHEMA_VERSION = 1;

    public DeliveryDeadLettered {
        Objects.requireNonNull(tenantId, "tenant_id");
        Objects.requireNonNull(webhookId, "webhook_id");
        Objects.requireNonNull(deliveryId, "delivery_id");
        Objects.requireNonNull(eventType, "event_type");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(deadLetteredAt, "dead_lettered_at");
    }

    /** The record key. */
    public String key() {
        return RecordKeys.deadLetter(tenantId, webhookId);
    }
}
