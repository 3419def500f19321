package io.fieldline.rules.engine;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.rules.RulesConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Kafka entry point of the engine: each polled batch of {@code fieldline.datapoints.v1} is evaluated and stored
 * before the next is taken (so a PostgreSQL outage pauses consumption instead of losing decisions); a timer checks
 * stale rules.
 */
@ApplicationScoped
public class DatapointConsumer {

    /** The incoming channel bound to {@code fieldline.datapoints.v1}. */
    public static final String CHANNEL = "datapoints-in";

    private static final Logger LOG = Logger.getLogger(DatapointConsumer.class);

    private final Engine engine;
    private final Vertx vertx;
    private final RulesConfig config;
    private volatile boolean staleRunning;
    private long timer = -1;

    DatapointConsumer(Engine engine, Vertx vertx, RulesConfig config) {
        this.engine = engine;
        this.vertx = vertx;
        this.config = config;
    }

    /** Evaluates one polled batch; the channel commits its offsets once this completes. */
    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<ConsumerRecord<String, String>> list = new ArrayList<>(records.count());
        records.forEach(list::add);
        return engine.process(list);
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
