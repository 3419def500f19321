package io.fieldline.ingest.intake.kafka;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.fieldline.ingest.IngestConfig;
import io.fieldline.model.DatapointsReceived;
import io.fieldline.model.ModelJson;
import io.fieldline.model.RecordHeaders;
import io.fieldline.support.kafka.PlatformHeaders;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Produces {@link DatapointsReceived} records on {@code fieldline.datapoints.v1} (acks=all, idempotent producer; see
 * the {@value #CHANNEL} channel in application.properties) and completes only once Kafka acknowledged every one.
 */
@ApplicationScoped
public class DatapointPublisher {

    /** The outgoing channel bound to {@code fieldline.datapoints.v1}. */
    public static final String CHANNEL = "datapoints-out";

    private static final ObjectWriter WRITER = ModelJson.newMapper().writerFor(DatapointsReceived.class);
    // Headers are immutable once built; the constant ones are shared by every record.
    private static final RecordHeader CONTENT_TYPE = PlatformHeaders.header(RecordHeaders.CONTENT_TYPE,
            RecordHeaders.JSON);
    private static final RecordHeader SCHEMA_VERSION = PlatformHeaders.header(RecordHeaders.SCHEMA_VERSION,
            Integer.toString(DatapointsReceived.SCHEMA_VERSION));

    private final MutinyEmitter<byte[]> emitter;
    private final IngestConfig config;

    DatapointPublisher(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter, IngestConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    /**
     * Sends the records, keyed {@code <tenant>/<event public id>}, with the platform headers.
     *
     * @return completes once Kafka acknowledged all of them; fails with {@link DatapointsNotAcknowledged} as soon as
     *         one was refused, or when they were not all acknowledged within {@code fieldline.ingest.intake.ack-timeout}
     */
    public Uni<Void> publish(List<DatapointsReceived> records, Instant creationTime) {
        RecordHeader created = PlatformHeaders.header(RecordHeaders.CREATION_TIME, creationTime.toString());
        Uni<Void> sent;
        if (records.size() == 1) {
            sent = send(records.get(0), created);
        } else {
            List<Uni<Void>> sends = new ArrayList<>(records.size());
            for (DatapointsReceived record : records) {
                sends.add(send(record, created));
            }
            sent = Uni.join().all(sends).andFailFast().replaceWithVoid();
        }
        return sent.ifNoItem().after(config.intake().ackTimeout()).fail()
                .onFailure().transform(DatapointsNotAcknowledged::new);
    }

    private Uni<Void> send(DatapointsReceived record, RecordHeader created) {
        return Uni.createFrom().item(() -> message(record, created)).flatMap(emitter::sendMessage);
    }

    private static Message<byte[]> message(DatapointsReceived record, RecordHeader created) {
        RecordHeader tenant = PlatformHeaders.header(RecordHeaders.TENANT_ID, record.tenantId().value());
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key())
                .withHeaders(List.of(tenant, CONTENT_TYPE, SCHEMA_VERSION, created))
                .build();
        return Message.of(json(record)).addMetadata(metadata);
    }

    private static byte[] json(DatapointsReceived record) {
        try {
            return WRITER.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise datapoints of event " + record.eventId(), e);
        }
    }

    /** Kafka did not acknowledge every record of a request, so the request must not report them accepted. */
    public static final class DatapointsNotAcknowledged extends RuntimeException {

        DatapointsNotAcknowledged(Throwable cause) {
            super("Kafka did not acknowledge the datapoint records", cause);
        }
    }
}
