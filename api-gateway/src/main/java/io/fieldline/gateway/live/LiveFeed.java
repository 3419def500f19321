package io.fieldline.gateway.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.model.RecordKeys;
import io.fieldline.model.TenantId;
import io.fieldline.model.Topic;
import io.fieldline.support.kafka.KafkaClientSettings;
import io.fieldline.support.metrics.LatencyTimers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * This replica's own reader of the live topics. Every replica must see every record (its sockets are its own), so
 * there is no consumer group: the consumer is assigned every partition explicitly and starts at their end (a live
 * view has no history to catch up); partitions that appear later are read from their beginning. It runs on its own
 * thread (polling blocks) and hands each update to the {@link LiveIndex}, whose connections continue on their event
 * loops. Records of tenants with no socket here are skipped before parsing, and of one event's values in a poll only
 * the newest is routed.
 *
 * <p>
 * The consumer asks the broker for the topics' partitions every probe interval; when that fails, clients are told
 * the feed is paused, and when it works again, that it resumed (the consumer continues from where it stopped).
 */
@ApplicationScoped
public class LiveFeed {

    static final List<String> TOPICS = List.of(Topic.Names.DATAPOINTS, Topic.Names.INCIDENTS, Topic.Names.ACTIVITY);
    private static final Logger LOG = Logger.getLogger(LiveFeed.class);

    private final LiveIndex index;
    private final LiveConfig config;
    private final Map<String, Object> kafkaConfig;
    private volatile boolean running;
    private volatile boolean paused;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;
    private volatile Set<TopicPartition> assigned = Set.of(); // written by the feed thread only
    private boolean positioned; // feed thread only: the first assignment starts at the end
    private final Timer lag;

    LiveFeed(LiveIndex index, LiveConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MeterRegistry registry) {
        this.index = index;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.lag = LatencyTimers.register("fieldline.live.feed.lag",
                "Time from a routed record's Kafka timestamp to its hand-off to the connections"
                        + " (its count: the records routed; of one event's values in a poll only the newest is)",
                registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            running = true;
            thread = new Thread(this::run, "live-feed");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the broker is unreachable as of the last probe (new connections are told at once). */
    public boolean paused() {
        return paused;
    }

    /** Whether partitions of every live topic are assigned and positioned. */
    public boolean readsAll() {
        Set<TopicPartition> current = assigned;
        return TOPICS.stream().allMatch(topic -> current.stream().anyMatch(p -> p.topic().equals(topic)));
    }

    private void run() {
        consumer = new KafkaConsumer<>(properties(), new StringDeserializer(), new StringDeserializer());
        long nextProbe = 0;
        try {
            while (running) {
                if (System.nanoTime() - nextProbe >= 0) {
                    probe();
                    nextProbe = System.nanoTime() + config.feed().probeInterval().toNanos();
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(config.feed().pollTimeout().toMillis());
                    continue;
                }
                try {
                    // Connections are woken once the whole poll is routed: what one reading brought for a
                    // dashboard (its device's values arrive together) leaves in one flush, not its first value alone
                    // and the rest a flush interval later.
                    List<LiveConnection> toWake = new ArrayList<>();
                    worthRouting(consumer.poll(config.feed().pollTimeout()))
                            .forEach(record -> deliver(record, toWake));
                    toWake.forEach(LiveConnection::wake);
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.warnf("Polling the live topics failed, retrying: %s", e.toString());
                    Thread.sleep(config.feed().probeInterval().toMillis());
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // stopping
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    /**
     * The records of a poll worth routing: alarm, activity (and unkeyed) records in the order read, then the newest
     * datapoint record of each event. Values are "latest wins" all the way to the sockets, so a feed that fell behind
     * catches up at the cost of the events in a poll, not of its records. One event's records share a key, hence a
     * partition: the last one read is the newest.
     */
    static List<ConsumerRecord<String, String>> worthRouting(Iterable<ConsumerRecord<String, String>> records) {
        List<ConsumerRecord<String, String>> routed = new ArrayList<>();
        Map<String, ConsumerRecord<String, String>> latestValues = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            if (record.key() != null && Topic.Names.DATAPOINTS.equals(record.topic())) {
                latestValues.put(record.key(), record);
            } else {
                routed.add(record);
            }
        }
        routed.addAll(latestValues.values());
        return routed;
    }

    private void deliver(ConsumerRecord<String, String> record, List<LiveConnection> toWake) {
        if (record.value() == null) {
            return;
        }
        TenantId tenant = record.key() == null ? null : tenantOf(record.key());
        if (tenant != null && !index.watches(tenant)) {
            return;
        }
        LiveUpdate update = LiveRecords.parse(record.topic(), record.value());
        if (update != null) {
            index.route(update, toWake);
            lag.record(Math.max(0, System.currentTimeMillis() - record.timestamp()), TimeUnit.MILLISECONDS);
        }
    }

    private static TenantId tenantOf(String key) {
        try {
            return RecordKeys.tenantOf(key);
        } catch (RuntimeException e) {
            return null;
        }
    }

    // Broker trouble surfaces here (poll itself just returns nothing while the broker is away).
    private void probe() {
        try {
            Map<String, List<PartitionInfo>> topics = consumer.listTopics(config.feed().probeTimeout());
            changeStatus(false);
            assign(topics);
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.debugf("The live feed cannot reach Kafka: %s", e.toString());
            changeStatus(true);
        }
    }

    private void assign(Map<String, List<PartitionInfo>> topics) {
        Set<TopicPartition> wanted = new HashSet<>();
        for (String topic : TOPICS) {
            topics.getOrDefault(topic, List.of())
                    .forEach(partition -> wanted.add(new TopicPartition(topic, partition.partition())));
        }
        if (wanted.equals(assigned) || wanted.isEmpty()) {
            return;
        }
        Set<TopicPartition> added = new HashSet<>(wanted);
        added.removeAll(assigned);
        consumer.assign(wanted);
        if (positioned) {
            consumer.seekToBeginning(added); // created after this replica started: nothing in them is old
        } else {
            consumer.seekToEnd(added);
        }
        // Resolve the positions now, so what is published after this point is what this replica shows.
        added.forEach(partition -> consumer.position(partition, config.feed().probeTimeout()));
        positioned = true;
        assigned = wanted;
        LOG.debugf("The live feed reads %d partitions", wanted.size());
    }

    private void changeStatus(boolean nowPaused) {
        if (paused != nowPaused) {
            paused = nowPaused;
            LOG.infof(nowPaused ? "Live feed paused: Kafka is unreachable" : "Live feed resumed");
            index.forEach(connection -> connection.feedStatus(nowPaused));
        }
    }

    private Properties properties() {
        Properties props = KafkaClientSettings.consumer(kafkaConfig); // what every channel of the gateway gets
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "api-gateway-live-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.feed().maxPollRecords());
        return props;
    }
}
