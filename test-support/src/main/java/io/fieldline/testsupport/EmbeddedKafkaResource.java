package io.fieldline.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource giving {@code kafka.bootstrap.servers} of one in-JVM broker per JVM (or of
 * {@code KAFKA_BOOTSTRAP_SERVERS} when set, starting nothing); the broker stops when the JVM exits.
 */
public final class EmbeddedKafkaResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // Nothing: Quarkus stops and restarts test resources between profiles, the broker lives until the JVM exits.
    }

    /** The bootstrap servers of the shared broker, starting it on first use. */
    public static String bootstrapServers() {
        return (String) handle().get(EmbeddedKafkaBroker.BOOTSTRAP);
    }

    /** The shared broker, so a test can stop and restart it to simulate an outage; null when external. */
    public static EmbeddedKafkaBroker broker() {
        Map<String, Object> handle = handle();
        return handle.containsKey(EmbeddedKafkaBroker.STOP) ? EmbeddedKafkaBroker.fromHandle(handle) : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> handle() {
        return (Map<String, Object>) JvmWide.call("kafka");
    }
}
