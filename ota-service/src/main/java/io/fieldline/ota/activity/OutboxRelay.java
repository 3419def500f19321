package io.fieldline.ota.activity;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.ota.OtaConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox to Kafka: each round locks the oldest records, sends them, waits for every acknowledgement and
 * deletes them in the same transaction. A failed round rolls back and the records go out in a later one. Rounds run
 * on a timer and right after a change ({@link #wake}); one round at a time per instance.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Pool pool;
    private final ActivityPublisher publisher;
    private final Vertx vertx;
    private final OtaConfig.Outbox config;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private long timer = -1;

    OutboxRelay(Pool pool, ActivityPublisher publisher, Vertx vertx, OtaConfig config) {
        this.pool = pool;
        this.publisher = publisher;
        this.vertx = vertx;
        this.config = config.outbox();
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Starts a round now, or right after the current one. */
    public void wake() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        drain().subscribe().with(more -> finished(more), failure -> {
            LOG.warnf("Publishing the activity outbox failed; retrying on the next round: %s", failure.toString());
            finished(false);
        });
    }

    /** Whether every record was published (for tests and shutdown checks). */
    public Uni<Boolean> isDrained() {
        return ActivityOutbox.isEmpty(pool);
    }

    private void finished(boolean more) {
        running.set(false);
        if (more || again.get()) {
            wake();
        }
    }

    // Emits whether a full batch went out (so there may be more).
    private Uni<Boolean> drain() {
        return pool.withTransaction(client -> ActivityOutbox.next(client, config.batchSize()).flatMap(batch -> {
            if (batch.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            List<Uni<Void>> sends = batch.stream().map(o -> publisher.publish(o.activity())).toList();
            List<Long> ids = batch.stream().map(ActivityOutbox.Outgoing::id).toList();
            return Uni.join().all(sends).andFailFast()
                    .ifNoItem().after(config.ackTimeout()).fail()
                    .flatMap(acked -> ActivityOutbox.delete(client, ids))
                    .replaceWith(batch.size() == config.batchSize());
        }));
    }
}
