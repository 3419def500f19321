package io.fieldline.rules.engine;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.Topic;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** Tells the engine which datapoints partitions this replica owns, so it loads and drops their state. */
@ApplicationScoped
@Identifier("rules-partitions")
public class PartitionListener implements KafkaConsumerRebalanceListener {

    private final Engine engine;

    PartitionListener(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // Runs on the polling thread, where a metadata call is allowed; stale checks need the partition count.
        int count = consumer.partitionsFor(Topic.DATAPOINTS.topicName()).size();
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
