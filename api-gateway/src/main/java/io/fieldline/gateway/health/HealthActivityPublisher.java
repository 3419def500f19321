package io.fieldline.gateway.health;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.gateway.config.GatewayConfig;
import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.ModelJson;
import io.fieldline.support.kafka.PlatformHeaders;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sends {@link ActivityOccurred} records on {@code fieldline.activity.v1} and completes only once Kafka acknowledged
 * every one of them (acks=all, see the {@value #CHANNEL} channel in application.properties).
 */
@ApplicationScoped
class HealthActivityPublisher {

    /** The outgoing channel bound to {@code fieldline.activity.v1}. */
    static final String CHANNEL = "health-activity-out";
    // Records in flight at once: enough to tell thousands of tenants quickly, well below the emitter's buffer.
    private static final int IN_FLIGHT = 64;
    private static final ObjectMapper JSON = ModelJson.newMapper();

    private final MutinyEmitter<String> emitter;
    private final Duration ackTimeout;

    HealthActivityPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter, GatewayConfig config) {
        this.emitter = emitter;
        this.ackTimeout = config.health().changePublishTimeout();
    }

    /** Sends every record; fails if any was refused or not acknowledged in time. */
    Uni<Void> publishAll(List<ActivityOccurred> activities) {
        return Multi.createFrom().iterable(activities)
                .onItem().transformToUni(this::publish).merge(IN_FLIGHT)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> publish(ActivityOccurred activity) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(activity.key())
                .withHeaders(PlatformHeaders.of(activity.tenantId().value(), ActivityOccurred.SCHEMA_VERSION))
                .build();
        return Uni.createFrom().item(() -> Message.of(json(activity)).addMetadata(metadata))
                .flatMap(emitter::sendMessage)
                .ifNoItem().after(ackTimeout).fail();
    }

    private static String json(ActivityOccurred activity) {
        try {
            return JSON.writeValueAsString(activity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise activity " + activity.type(), e);
        }
    }
}
