package io.fieldline.support.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** Hand-made clients get the service's kafka.* settings their kind knows, and nothing else. */
class KafkaClientSettingsTest {

    private static final Map<String, Object> KAFKA = Map.of("bootstrap.servers", "broker:9092",
            "security.protocol", "SSL", "allow.auto.create.topics", "false", "metadata.max.age.ms", "5000",
            "acks", "all", "health-enabled", "false");

    @Test
    void aConsumerGetsTheConsumerSettings() {
        Properties consumer = KafkaClientSettings.consumer(KAFKA);

        Properties expected = new Properties();
        expected.putAll(Map.of("bootstrap.servers", "broker:9092", "security.protocol", "SSL",
                "allow.auto.create.topics", "false", "metadata.max.age.ms", "5000"));
        assertEquals(expected, consumer);
    }

    @Test
    void anAdminClientGetsTheAdminSettings() {
        assertEquals(Map.of("bootstrap.servers", "broker:9092", "security.protocol", "SSL", "metadata.max.age.ms",
                "5000"), KafkaClientSettings.forClient(KAFKA, AdminClientConfig.configNames()));
    }
}
