package io.fieldline.gateway.live;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.gateway.ActivityRecords;
import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.Datapoint;
import io.fieldline.model.DatapointsReceived;
import io.fieldline.model.IncidentStatus;
import io.fieldline.model.IncidentTransition;
import io.fieldline.model.IncidentTransitioned;
import io.fieldline.model.ModelJson;
import io.fieldline.model.Quality;
import io.fieldline.model.Severity;
import io.fieldline.model.TenantId;
import io.fieldline.model.Topic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes live records as ingest-service, rules-service and the others do (the contract's keys and JSON). */
final class LiveRecordsProducer implements AutoCloseable {

    private static final ObjectMapper JSON = ModelJson.newMapper();
    private final KafkaProducer<String, String> producer;

    LiveRecordsProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ActivityRecords.bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000);
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    static DatapointsReceived datapoints(TenantId tenant, String eventId, double... values) {
        Instant now = Instant.now();
        List<Datapoint> datapoints = Arrays.stream(values)
                .mapToObj(value -> new Datapoint(UUID.randomUUID().toString(), value, now, Quality.GOOD, "exp-1"))
                .toList();
        return new DatapointsReceived(tenant, eventId, datapoints, now);
    }

    static IncidentTransitioned raised(TenantId tenant, String eventId) {
        return new IncidentTransitioned(tenant, UUID.randomUUID().toString(), "rule-1", eventId,
                IncidentTransition.RAISED, IncidentStatus.values()[0], Severity.values()[0], 99.5, null, null,
                Instant.now(), null);
    }

    static ActivityOccurred activity(TenantId tenant, String type, String subject, Map<String, Object> data) {
        return new ActivityOccurred(tenant, type, subject, null, data, Instant.now());
    }

    /** Sends without waiting (order is kept per key). */
    Future<RecordMetadata> send(DatapointsReceived record) {
        return send(Topic.Names.DATAPOINTS, record.key(), record);
    }

    void sendAndWait(DatapointsReceived record) throws Exception {
        send(record).get(10, TimeUnit.SECONDS);
    }

    void sendAndWait(IncidentTransitioned record) throws Exception {
        send(Topic.Names.INCIDENTS, record.key(), record).get(10, TimeUnit.SECONDS);
    }

    void sendAndWait(ActivityOccurred record) throws Exception {
        send(Topic.Names.ACTIVITY, record.key(), record).get(10, TimeUnit.SECONDS);
    }

    void sendRaw(String topic, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }

    private Future<RecordMetadata> send(String topic, String key, Object value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, JSON.writeValueAsString(value)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
