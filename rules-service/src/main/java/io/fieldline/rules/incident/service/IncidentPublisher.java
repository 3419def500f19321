package io.fieldline.rules.incident.service;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.IncidentTransitioned;
import io.fieldline.model.RecordHeaders;
import io.fieldline.rules.RulesConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
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
                .withHeaders(List.of(
                        header(RecordHeaders.TENANT_ID, tenantId),
                        header(RecordHeaders.CONTENT_TYPE, RecordHeaders.JSON),
                        header(RecordHeaders.SCHEMA_VERSION, Integer.toString(IncidentTransitioned.SCHEMA_VERSION)),
                        header(RecordHeaders.CREATION_TIME, Instant.now().toString())))
                .build();
        return Uni.createFrom().item(() -> Message.of(json).addMetadata(metadata))
                .flatMap(emitter::sendMessage)
                .ifNoItem().after(config.publishAckTimeout()).fail()
                .onFailure().transform(NotAcknowledged::new);
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(UTF_8));
    }

    /** Kafka did not acknowledge an incident record. */
    public static final class NotAcknowledged extends RuntimeException {

        NotAcknowledged(Throwable cause) {
            super("Kafka did not acknowledge the incident record", cause);
        }
    }
}
