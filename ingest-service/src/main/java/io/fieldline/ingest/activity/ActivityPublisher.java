package io.fieldline.ingest.activity;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.ingest.IngestConfig;
import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.ModelJson;
import io.fieldline.support.kafka.PlatformHeaders;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes {@link ActivityOccurred} records on {@code fieldline.activity.v1} and completes only once Kafka
 * acknowledged them (acks=all, see the {@value #CHANNEL} channel in application.properties).
 */
@ApplicationScoped
public class ActivityPublisher {

    /** The outgoing channel bound to {@code fieldline.activity.v1}. */
    public static final String CHANNEL = "activity-out";

    private static final ObjectMapper JSON = ModelJson.newMapper();

    private final MutinyEmitter<String> emitter;
    private final IngestConfig config;

    ActivityPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter, IngestConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    /**
     * Sends the record with its key and the platform headers.
     *
     * @return completes on Kafka's acknowledgement; fails with {@link ActivityNotAcknowledged} when Kafka refused it
     *         or did not answer within {@code fieldline.ingest.activity-ack-timeout}
     */
    public Uni<Void> publish(ActivityOccurred activity) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(activity.key())
                .withHeaders(PlatformHeaders.of(activity.tenantId().value(), ActivityOccurred.SCHEMA_VERSION))
                .build();
        return Uni.createFrom().item(() -> Message.of(json(activity)).addMetadata(metadata))
                .flatMap(emitter::sendMessage)
                .ifNoItem().after(config.activityAckTimeout()).fail()
                .onFailure().transform(ActivityNotAcknowledged::new);
    }

    private static String json(ActivityOccurred activity) {
        try {
            return JSON.writeValueAsString(activity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise activity " + activity.type(), e);
        }
    }

    /** Kafka did not acknowledge an activity record, so whatever it announces must not happen. */
    public static final class ActivityNotAcknowledged extends RuntimeException {

        ActivityNotAcknowledged(Throwable cause) {
            super("Kafka did not acknowledge the activity record", cause);
        }
    }
}
