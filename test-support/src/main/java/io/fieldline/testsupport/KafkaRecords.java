package io.fieldline.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning until enough matching records arrived; creates a topic of one's own. */
public final class KafkaRecords {

    private KafkaRecords() {
    }

    /** Creates a one-partition topic (the test broker creates none by itself, see {@link KafkaBrokerConfig}). */
    public static void createTopic(String bootstrapServers, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Returns the first {@code count} records of {@code topic} that {@code match} accepts, read from the beginning by a
     * consumer in a fresh group.
     *
     * @throws AssertionError at the deadline, saying how many matched
     */
    public static List<ConsumerRecord<String, String>> await(String bootstrapServers, String topic,
            Predicate<ConsumerRecord<String, String>> match, int count, Duration deadline) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "await-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Reading must not create the topic with broker defaults before the code under test creates it.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        // Notice a topic created after subscribing within a second, not after the default 5 minutes.
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        long end = System.nanoTime() + deadline.toNanos();
        List<ConsumerRecord<String, String>> matched = new ArrayList<>();
        int read = 0;
        // Deserializer instances, not class names: the context class loader may hold another copy of Kafka.
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
        try {
            consumer.subscribe(List.of(topic));
            while (matched.size() < count) {
                long remainingMillis = (end - System.nanoTime()) / 1_000_000;
                if (remainingMillis <= 0) {
                    throw new AssertionError("Timed out after " + deadline.toMillis() + " ms waiting for " + count
                            + " matching records on " + topic + ": " + matched.size() + " matched of " + read
                            + " read");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(
                        Duration.ofMillis(Math.min(200, remainingMillis)))) {
                    read++;
                    if (matched.size() < count && match.test(record)) {
                        matched.add(record);
                    }
                }
            }
            return List.copyOf(matched);
        } finally {
            // The default close waits up to 30 s for an unreachable coordinator.
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }
}
