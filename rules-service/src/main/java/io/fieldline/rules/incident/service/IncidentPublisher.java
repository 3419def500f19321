package io.fieldline.rules.incident.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.IncidentTransitioned;
import io.fieldline.rules.RulesConfig;
import io.fieldline.support.kafka.PlatformHeaders;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sends records on {@code fieldline.incidents.v1} and completes only once Kafka acknowledged them (acks=all, see the
 * {@value #CHANNEL} channel in application.properties).
 */
@ApplicationScoped
public class IncidentPublisher {

    /** The outgoing channel bound to {@code fieldline.incidents.v1}. */
    public static final String CHANNEL = "incidents-out";

    private final MutinyEmitter<String> emitter;
    private final RulesConfig config;

    IncidentPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter, RulesConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    /**
     * Sends one record (its JSON already made) with its key and the platform headers.
     *
     * @return completes on Kafka's acknowledgement; fails with {@link NotAcknowledged} otherwise
     */
    public Uni<Void> publish(String key, String tenantId, String json) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(PlatformHeaders.of(tenantId, IncidentTransitioned.SCHEMA_VERSION))
                .build();
        return Uni.createFrom().item(() -> Message.of(json).addMetadata(metadata))
                .flatMap(emitter::sendMessage)
                .ifNoItem().after(config.publishAckTimeout()).fail()
                .onFailure().transform(NotAcknowledged::new);
    }

    /** Kafka did not acknowledge an incident record. */
    public static final class NotAcknowledged extends RuntimeException {

        NotAcknowledged(Throwable cause) {
            super("Kafka did not acknowledge the incident record", cause);
        }
    }
}
