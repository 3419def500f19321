package io.fieldline.support.kafka;

import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.model.Topic;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the platform topics if they are missing, so a fresh cluster works without manual steps. Retries in the
 * background until the broker is reachable; never delays startup. A topic found with fewer partitions than
 * configured is logged as a warning (typically made by a broker's auto-creation before any service created it):
 * consumers cannot share it, and changing its partitions would move keys, so that is left to the operator.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);
    private static final long RETRY_MS = 5_000;

    private final KafkaAdmin admin;
    private final Vertx vertx;
    private final boolean enabled;
    private final int partitions;
    private final short replicationFactor;

    TopicProvisioner(KafkaAdmin admin, Vertx vertx,
            @ConfigProperty(name = "fieldline.kafka.create-topics") boolean enabled,
            @ConfigProperty(name = "fieldline.kafka.partitions") int partitions,
            @ConfigProperty(name = "fieldline.kafka.replication-factor") short replicationFactor) {
        this.admin = admin;
        this.vertx = vertx;
        this.enabled = enabled;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            attempt();
        }
    }

    private void attempt() {
        List<NewTopic> topics = Arrays.stream(Topic.values())
                .map(t -> new NewTopic(t.topicName(), partitions, replicationFactor))
                .toList();
        admin.client().createTopics(topics).values().values().stream()
                .map(f -> f.toCompletionStage().toCompletableFuture()
                        .handle((ok, e) -> e == null || e.getCause() instanceof TopicExistsException
                                || e instanceof TopicExistsException))
                .reduce((a, b) -> a.thenCombine(b, Boolean::logicalAnd))
                .orElseThrow()
                .whenComplete((allDone, e) -> {
                    if (Boolean.TRUE.equals(allDone)) {
                        LOG.debugf("Platform topics present");
                        warnAboutFewPartitions(topics.stream().map(NewTopic::name).toList());
                    } else {
                        LOG.infof("Kafka not reachable yet to create topics; retrying in %d ms", RETRY_MS);
                        vertx.setTimer(RETRY_MS, id -> attempt());
                    }
                });
    }

    private void warnAboutFewPartitions(List<String> names) {
        admin.client().describeTopics(names).allTopicNames().toCompletionStage().whenComplete((found, e) -> {
            if (e != null) {
                LOG.debugf("Could not check the platform topics' partitions: %s", e.toString());
                return;
            }
            found.values().stream().filter(topic -> topic.partitions().size() < partitions)
                    .forEach(topic -> LOG.warnf("Kafka topic %s has %d partitions, fewer than the %d configured"
                            + " (fieldline.kafka.partitions): was it auto-created by the broker? Its consumers cannot"
                            + " share its load.", topic.name(), topic.partitions().size(), partitions));
        });
    }
}
