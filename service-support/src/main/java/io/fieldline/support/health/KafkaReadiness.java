package io.fieldline.support.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.support.kafka.KafkaAdmin;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the Kafka cluster answers a metadata request within the probe timeout. */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements AsyncHealthCheck {

    private final KafkaAdmin admin;
    private final Duration timeout;

    KafkaReadiness(KafkaAdmin admin, @ConfigProperty(name = "fieldline.health.probe-timeout") Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        var options = new DescribeClusterOptions().timeoutMs((int) timeout.toMillis());
        return Uni.createFrom().completionStage(() -> admin.client().describeCluster(options).nodes()
                .toCompletionStage())
                .ifNoItem().after(timeout.plusMillis(500)).fail()
                .map(nodes -> nodes.isEmpty()
                        ? HealthCheckResponse.named("kafka").down().withData("error", "no brokers").build()
                        : HealthCheckResponse.named("kafka").up().withData("brokers", nodes.size()).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("kafka").down()
                        .withData("error", String.valueOf(e.getMessage())).build());
    }
}
