package io.fieldline.rules.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.rules.RulesConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.vertx.mutiny.core.Vertx;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Kafka entry point of the engine: polled batches of {@code fieldline.datapoints.v1} are evaluated and stored in
 * order, those that arrived while the previous group was stored together ({@link BatchQueue}); a batch's offsets are
 * committed only once it is stored, so a PostgreSQL outage pauses consumption instead of losing decisions. A timer
 * checks stale rules.
 */
@ApplicationScoped
public class DatapointConsumer {

    /** The incoming channel bound to {@code fieldline.datapoints.v1}. */
    public static final String CHANNEL = "datapoints-in";

    private static final Logger LOG = Logger.getLogger(DatapointConsumer.class);

    private final Engine engine;
    private final BatchQueue<ConsumerRecord<String, byte[]>> queue;
    private final Vertx vertx;
    private final RulesConfig config;
    private volatile boolean staleRunning;
    private long timer = -1;

    DatapointConsumer(Engine engine, Vertx vertx, RulesConfig config,
            @ConfigProperty(name = "mp.messaging.incoming." + CHANNEL + ".max.poll.records") int maxPollRecords) {
        this.engine = engine;
        // Two full polls may wait behind the group being stored; then the channel waits too.
        this.queue = new BatchQueue<>(engine::process, 2 * maxPollRecords);
        this.vertx = vertx;
        this.config = config;
    }

    /**
     * Queues one polled batch for evaluation; acknowledges it (the channel then commits its offsets) once its
     * decisions are stored. Completes when the channel may deliver the next batch.
     */
    @Incoming(CHANNEL)
    @SuppressWarnings("unchecked")
    public CompletionStage<Void> consume(Message<List<byte[]>> batch) {
        IncomingKafkaRecordBatchMetadata<String, byte[]> metadata = batch
                .getMetadata(IncomingKafkaRecordBatchMetadata.class).orElseThrow();
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(metadata.count());
        metadata.getRecords().forEach(records::add);
        return queue.offer(records, batch::ack, batch::nack);
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.staleCheckInterval().toMillis(), id -> checkStale());
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    private void checkStale() {
        if (staleRunning) {
            return;
        }
        staleRunning = true;
        engine.checkStale().subscribe().with(ok -> staleRunning = false, e -> {
            staleRunning = false;
            LOG.warnf("Stale check failed: %s", e.toString());
        });
    }
}
