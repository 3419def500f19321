package io.fieldline.gateway.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.gateway.audit.store.AuditEventStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the audit trail from growing without bound: every {@code purge-interval} (and shortly after start) it deletes
 * the events older than {@code retention}, in batches of {@code purge-batch-size} rows, so no statement holds many
 * locks or runs long. A retention of zero keeps everything. Several replicas may purge at once; each skips the rows
 * another is deleting.
 */
@ApplicationScoped
public class AuditRetention {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class);
    private static final Duration FIRST_RUN_AFTER = Duration.ofSeconds(30);
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final AuditEventStore store;
    private final Duration retention;
    private final Duration interval;
    private final int batchSize;
    private long firstRun = -1;
    private long periodic = -1;
    private final AtomicBoolean running = new AtomicBoolean();

    AuditRetention(Vertx vertx, AuditEventStore store,
            @ConfigProperty(name = "fieldline.audit.retention", defaultValue = "365D") Duration retention,
            @ConfigProperty(name = "fieldline.audit.purge-interval", defaultValue = "1H") Duration interval,
            @ConfigProperty(name = "fieldline.audit.purge-batch-size", defaultValue = "10000") int batchSize) {
        this.vertx = vertx;
        this.store = store;
        this.retention = retention;
        this.interval = interval;
        this.batchSize = batchSize;
    }

    void start(@Observes StartupEvent event) {
        if (!retention.isZero()) {
            firstRun = vertx.setTimer(FIRST_RUN_AFTER.toMillis(), id -> purgeInBackground());
            periodic = vertx.setPeriodic(interval.toMillis(), id -> purgeInBackground());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(firstRun);
        vertx.cancelTimer(periodic);
    }

    /**
     * Deletes every event older than the retention, batch after batch; answers how many it deleted (0 when a purge
     * is already running, or the retention is zero).
     */
    public Uni<Long> purge() {
        if (retention.isZero() || !running.compareAndSet(false, true)) {
            return Uni.createFrom().item(0L);
        }
        Instant cutoff = Instant.now().minus(retention);
        return batchesFrom(cutoff, 0).eventually(() -> running.set(false));
    }

    private Uni<Long> batchesFrom(Instant cutoff, long deletedSoFar) {
        return store.deleteOlderThan(cutoff, batchSize).ifNoItem().after(STATEMENT_TIMEOUT).fail()
                .flatMap(deleted -> {
                    long total = deletedSoFar + deleted;
                    if (deleted < batchSize) {
                        return Uni.createFrom().item(total);
                    }
                    LOG.infof("Audit retention: %,d events older than %s deleted so far", total, cutoff);
                    return batchesFrom(cutoff, total);
                });
    }

    private void purgeInBackground() {
        purge().subscribe().with(deleted -> {
            if (deleted > 0) {
                LOG.infof("Audit retention: deleted %,d events older than %d days", deleted, retention.toDays());
            }
        }, failure -> LOG.warnf("Audit retention: purging old events failed (%s); next try in %s",
                failure.getMessage(), interval));
    }
}
