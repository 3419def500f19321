package io.fieldline.ingest.storage;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.ingest.IngestConfig;
import io.fieldline.model.DatapointsReceived;
import io.fieldline.model.ModelJson;
import io.fieldline.model.Topic;
import io.fieldline.support.kafka.KafkaClientSettings;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * One writer thread: a consumer in the writer group that batches datapoints and stores them through
 * {@link BatchStore}. It never relies on Kafka's committed offsets for correctness: on assignment it pauses the
 * partition, reads the offset stored with the rows and seeks there. When a flush fails (PostgreSQL down) it discards
 * the batch, pauses everything and seeks again once PostgreSQL answers, so memory stays bounded by one batch and
 * nothing is lost or stored twice; Kafka keeps the records meanwhile.
 */
final class WriterLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(WriterLoop.class);
    private static final String TOPIC = Topic.DATAPOINTS.topicName();

    private final String name;
    private final IngestConfig.Writer config;
    private final BatchStore store;
    private final WriterMetrics metrics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final ObjectMapper json = ModelJson.newMapper();
    private final WriteBatch batch = new WriteBatch();
    // Per owned partition, the stored offset the batch started from (null: nothing stored yet); the flush's fence.
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final Set<TopicPartition> needSeek = new HashSet<>();
    private volatile boolean running = true;
    private int failures;

    WriterLoop(String name, Map<String, Object> kafkaConfig, IngestConfig.Writer config, BatchStore store,
            WriterMetrics metrics) {
        this.name = name;
        this.config = config;
        this.store = store;
        this.metrics = metrics;
        this.consumer = new KafkaConsumer<>(consumerProperties(name, kafkaConfig, config),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    // The service's kafka.* settings (bootstrap servers, security, the platform's consumer defaults: never create
    // the topic by subscribing, notice it within seconds once the provisioner created it), then the writer's own.
    private static Properties consumerProperties(String name, Map<String, Object> kafkaConfig,
            IngestConfig.Writer config) {
        Properties props = KafkaClientSettings.consumer(kafkaConfig);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, config.fetchMinBytes());
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) config.fetchMaxWait().toMillis());
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, config.maxPartitionFetchBytes());
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, config.fetchMaxBytes());
        return props;
    }

    @Override
    public void run() {
        long intervalNanos = config.flushInterval().toNanos();
        consumer.subscribe(List.of(TOPIC), new Rebalance());
        try {
            while (running) {
                try {
                    if (!needSeek.isEmpty()) {
                        seek();
                    }
                    long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(batch.nanosUntilDue(intervalNanos)));
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(waitMillis))) {
                        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                        if (!needSeek.contains(partition)) {
                            add(partition, record);
                            if (batch.points().size() >= config.batchSize()) {
                                flush();
                            }
                        }
                    }
                    if (batch.isDue(intervalNanos)) {
                        flush();
                    }
                    failures = 0;
                } catch (WakeupException e) {
                    // stop() was called: the loop condition ends it.
                } catch (SQLException | BatchStore.Fenced | RuntimeException e) {
                    // PostgreSQL down, a lost partition, Kafka unreachable while seeking (or a bug): start over
                    // from the stored offsets after a backoff rather than let the thread die.
                    recover(e);
                }
            }
        } finally {
            closeQuietly();
        }
    }

    /** Asks the loop to stop; it leaves the group and closes its consumer. */
    void stop() {
        running = false;
        consumer.wakeup();
    }

    private void add(TopicPartition partition, ConsumerRecord<String, byte[]> record) {
        DatapointsReceived received;
        try {
            received = json.readValue(record.value(), DatapointsReceived.class);
        } catch (Exception e) {
            // A record nobody can read would block the partition forever: skip it, loudly.
            LOG.warnf("Skipping unreadable record %s@%d: %s", partition, record.offset(), e.getMessage());
            metrics.dropped("unreadable", 1);
            batch.advance(partition, record.offset());
            return;
        }
        int skipped = batch.add(partition, record.offset(), received);
        if (skipped > 0) {
            metrics.dropped("malformed_id", skipped);
        }
    }

    private void flush() throws SQLException, BatchStore.Fenced {
        if (batch.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        BatchStore.Written written = store.write(batch, positions);
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        batch.nextOffsets().forEach((partition, next) -> {
            positions.put(partition, next);
            commits.put(partition, new OffsetAndMetadata(next));
        });
        batch.clear();
        metrics.flushed(written, System.nanoTime() - start);
        // For lag monitoring only: correctness comes from the offsets stored with the rows.
        consumer.commitAsync(commits, null);
    }

    // Pauses the partitions that need a seek, reads their stored offsets and seeks; throws while PostgreSQL is down.
    private void seek() throws SQLException {
        consumer.pause(needSeek);
        Map<TopicPartition, Long> stored = store.offsets(TOPIC);
        Map<TopicPartition, OffsetAndMetadata> committed = null;
        for (TopicPartition partition : needSeek) {
            Long offset = stored.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset);
            } else {
                // Nothing stored yet: from Kafka's committed offset (only ever committed after a stored batch),
                // else from the beginning. Seeking explicitly also rewinds past records of a discarded batch.
                committed = committed != null ? committed : consumer.committed(needSeek);
                OffsetAndMetadata kafka = committed.get(partition);
                if (kafka != null) {
                    consumer.seek(partition, kafka.offset());
                } else {
                    consumer.seekToBeginning(List.of(partition));
                }
            }
            positions.put(partition, offset);
        }
        consumer.resume(needSeek);
        needSeek.clear();
    }

    private void recover(Exception failure) {
        batch.clear();
        needSeek.addAll(consumer.assignment());
        consumer.pause(needSeek);
        long backoff = Math.min(config.retryBackoffMax().toMillis(),
                config.retryBackoff().toMillis() << Math.min(failures, 10));
        if (failure instanceof RuntimeException && !(failure instanceof KafkaException)) {
            LOG.errorf(failure, "Writer %s failed; retrying from the stored offsets", name);
        } else if (failures == 0 || failure instanceof BatchStore.Fenced) {
            LOG.warnf("Writer %s could not store its batch (%s); retrying from the stored offsets",
                    name, failure.getMessage());
        }
        failures++;
        metrics.failed();
        // Polling paused partitions returns nothing but keeps this consumer in the group while it waits.
        try {
            consumer.poll(Duration.ofMillis(backoff));
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            sleep(backoff);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly() {
        try {
            if (!batch.isEmpty() && needSeek.isEmpty()) {
                flush();
            }
        } catch (Exception e) {
            LOG.debugf("Final flush of %s failed; the records are read again on the next start", name);
        }
        try {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            LOG.debugf(e, "Closing consumer %s", name);
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            // Store what was read while the partitions are still ours; if that fails the next owner reads it again.
            try {
                flush();
            } catch (SQLException | BatchStore.Fenced | RuntimeException e) {
                batch.clear();
                needSeek.addAll(consumer.assignment());
            }
            revoked.forEach(partition -> {
                positions.remove(partition);
                needSeek.remove(partition);
            });
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            batch.clear();
            needSeek.addAll(consumer.assignment());
            lost.forEach(partition -> {
                positions.remove(partition);
                needSeek.remove(partition);
            });
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            needSeek.addAll(assigned);
            consumer.pause(assigned);
        }
    }
}
