package io.fieldline.support.kafka;

import java.time.Duration;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.common.annotation.Identifier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One Kafka admin client per service, built from the service's {@code kafka.*} configuration. Its calls are
 * asynchronous, so probes and topic provisioning never block a thread.
 */
@ApplicationScoped
public class KafkaAdmin {

    private final Map<String, Object> config;
    private volatile Admin admin;

    KafkaAdmin(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        Map<String, Object> adminConfig = KafkaClientSettings.forClient(kafkaConfig, AdminClientConfig.configNames());
        // Fail fast and retry soon: readiness must follow the broker within seconds.
        adminConfig.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        adminConfig.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        adminConfig.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        adminConfig.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "fieldline-admin");
        this.config = Map.copyOf(adminConfig);
    }

    /** The admin client, created on first use. */
    public Admin client() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(config);
                }
                current = admin;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
