package io.fieldline.webhook.delivery.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.ActivityTypes;
import io.fieldline.model.DeliveryDeadLettered;
import io.fieldline.model.ModelJson;
import io.fieldline.model.TenantId;
import io.fieldline.support.kafka.PlatformHeaders;
import io.fieldline.webhook.delivery.store.HousekeepingStore.Disabled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes dead letters on {@code fieldline.webhooks.dlq.v1} and {@code webhook.disabled} on
 * {@code fieldline.activity.v1}; each completes only on Kafka's acknowledgement (acks=all), so the outbox rows are
 * marked only for records Kafka has.
 */
@ApplicationScoped
public class KafkaOut {

    /** Outgoing channel bound to {@code fieldline.webhooks.dlq.v1}. */
    public static final String DLQ_CHANNEL = "dlq-out";
    /** Outgoing channel bound to {@code fieldline.activity.v1}. */
    public static final String ACTIVITY_CHANNEL = "activity-out";

    private static final ObjectMapper JSON = ModelJson.newMapper();
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    private final MutinyEmitter<String> dlq;
    private final MutinyEmitter<String> activity;

    KafkaOut(@Channel(DLQ_CHANNEL) MutinyEmitter<String> dlq,
            @Channel(ACTIVITY_CHANNEL) MutinyEmitter<String> activity) {
        this.dlq = dlq;
        this.activity = activity;
    }

    /** Sends the dead letters; completes when Kafka acknowledged all of them. */
    public Uni<Void> deadLettered(List<DeliveryDeadLettered> records) {
        return Uni.join().all(records.stream().map(record -> send(dlq, record.tenantId(), record.key(),
                DeliveryDeadLettered.SCHEMA_VERSION, record)).toList()).andFailFast().replaceWithVoid();
    }

    /** Announces each subscription the platform disabled with {@code webhook.disabled}. */
    public Uni<Void> disabled(List<Disabled> disabled) {
        return Uni.join().all(disabled.stream().map(webhook -> {
            ActivityOccurred record = new ActivityOccurred(webhook.tenant(), ActivityTypes.WEBHOOK_DISABLED,
                    webhook.publicId(), null, Map.of("url", webhook.url(), "reason", webhook.reason()),
                    webhook.at());
            return send(activity, webhook.tenant(), record.key(), ActivityOccurred.SCHEMA_VERSION, record);
        }).toList()).andFailFast().replaceWithVoid();
    }

    private static Uni<Void> send(MutinyEmitter<String> emitter, TenantId tenant, String key, int schemaVersion,
            Object value) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(PlatformHeaders.of(tenant.value(), schemaVersion))
                .build();
        return Uni.createFrom().item(() -> Message.of(json(value)).addMetadata(metadata))
                .flatMap(emitter::sendMessage)
                .ifNoItem().after(ACK_TIMEOUT).fail();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
