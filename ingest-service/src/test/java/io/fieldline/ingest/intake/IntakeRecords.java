package io.fieldline.ingest.intake;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.model.TenantId;
import io.fieldline.model.Topic;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.KafkaRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads the datapoint records of one tenant back from {@code fieldline.datapoints.v1}. */
final class IntakeRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IntakeRecords() {
    }

    /** The first {@code count} records of the tenant whose value {@code match} accepts. */
    static List<ConsumerRecord<String, String>> await(TenantId tenant, Predicate<JsonNode> match, int count,
            Duration deadline) {
        String prefix = tenant.value() + "/";
        return KafkaRecords.await(EmbeddedKafkaResource.bootstrapServers(), Topic.DATAPOINTS.topicName(),
                r -> r.key() != null && r.key().startsWith(prefix) && match.test(value(r)), count, deadline);
    }

    static List<ConsumerRecord<String, String>> await(TenantId tenant, int count) {
        return await(tenant, any -> true, count, Duration.ofSeconds(10));
    }

    static JsonNode value(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }
}
