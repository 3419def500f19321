package io.fieldline.support.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The service's {@code kafka.*} configuration (the {@code default-kafka-broker} map every SmallRye channel starts
 * from) narrowed to what one kind of client knows. Clients a service builds by hand start from it too, so they get
 * what every channel gets: the bootstrap servers, an operator's security settings, and the platform's defaults
 * (consumers never create a topic by subscribing, and notice a new one within seconds).
 */
public final class KafkaClientSettings {

    private KafkaClientSettings() {
    }

    /** The entries of {@code kafkaConfig} named in {@code names} (e.g. {@code AdminClientConfig.configNames()}). */
    public static Map<String, Object> forClient(Map<String, Object> kafkaConfig, Set<String> names) {
        Map<String, Object> settings = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (names.contains(key)) {
                settings.put(key, value);
            }
        });
        return settings;
    }

    /** The settings a hand-made consumer starts from; it adds its own (group, offsets, fetch sizes) on top. */
    public static Properties consumer(Map<String, Object> kafkaConfig) {
        Properties properties = new Properties();
        properties.putAll(forClient(kafkaConfig, ConsumerConfig.configNames()));
        return properties;
    }
}
