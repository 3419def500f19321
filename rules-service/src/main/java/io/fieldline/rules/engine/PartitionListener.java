package io.fieldline.rules.engine;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.Topic;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/** Tells the engine which datapoints partitions this replica owns, so it loads and drops their state. */
@ApplicationScoped
@Identifier("rules-partitions")
public class PartitionListener implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(PartitionListener.class);

    private final Engine engine;

    PartitionListener(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // Runs on the polling thread, where a metadata call is allowed; stale checks need the partition count.
        int count;
        try {
            count = consumer.partitionsFor(Topic.DATAPOINTS.topicName()).size();
        } catch (RuntimeException e) {
            // Keep the count known from an earlier assignment (0 until then: stale checks wait for the next one).
            LOG.warnf("Cannot read the partition count of %s: %s", Topic.DATAPOINTS.topicName(), e.toString());
            count = 0;
        }
        engine.assigned(partitions.stream().map(TopicPartition::partition).toList(), count);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        engine.revoked(partitions.stream().map(TopicPartition::partition).toList());
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        engine.revoked(partitions.stream().map(TopicPartition::partition).toList());
    }
}
