package io.fieldline.ota.activity;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.ModelJson;
import io.fieldline.support.kafka.PlatformHeaders;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Sends {@link ActivityOccurred} records on {@code fieldline.activity.v1}; completes on Kafka's acknowledgement. */
@ApplicationScoped
class ActivityPublisher {

    /** The outgoing channel bound to {@code fieldline.activity.v1}. */
    static final String CHANNEL = "activity-out";

    private static final ObjectMapper JSON = ModelJson.newMapper();

    private final MutinyEmitter<String> emitter;

    ActivityPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    Uni<Void> publish(ActivityOccurred activity) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(activity.key())
                .withHeaders(PlatformHeaders.of(activity.tenantId().value(), ActivityOccurred.SCHEMA_VERSION))
                .build();
        return Uni.createFrom().item(() -> Message.of(json(activity)).addMetadata(metadata))
                .flatMap(emitter::sendMessage);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    static ObjectMapper mapper() {
        return JSON;
    }
}
