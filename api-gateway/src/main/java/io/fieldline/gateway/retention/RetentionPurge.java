package io.fieldline.gateway.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

/**
 * Keeps one table from growing without bound: every {@code interval} (and shortly after start) it deletes the rows
 * older than the {@code retention}, in batches of {@code batchSize} rows, so no statement holds many locks or runs
 * long; a progress line after every full batch, the total at the end. A retention of zero keeps everything. Several
 * replicas may purge at once: the store's DELETE skips rows another one is deleting.
 */
final class RetentionPurge {

    /** Deletes at most {@code limit} rows older than {@code cutoff} (skipping locked ones); answers how many. */
    @FunctionalInterface
    interface OldRows {

        Uni<Integer> delete(Instant cutoff, int limit);
    }

    /** How long rows are kept (zero: forever), how often the purge runs, and how many rows one DELETE removes. */
    record Settings(Duration retention, Duration interval, int batchSize) {
    }

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);
    private static final Duration FIRST_RUN_AFTER = Duration.ofSeconds(30);
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(30);

    private final String rows;
    private final OldRows oldRows;
    private final Settings settings;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private long firstRun = -1;
    private long periodic = -1;

    /**
     * @param rows what the table holds, for the log (e.g. "audit events")
     */
    RetentionPurge(String rows, OldRows oldRows, Settings settings, Vertx vertx) {
        this.rows = rows;
        this.oldRows = oldRows;
        this.settings = settings;
        this.vertx = vertx;
    }

    /** Schedules the purge (nothing when the retention is zero). */
    void start() {
        if (!settings.retention().isZero()) {
            firstRun = vertx.setTimer(FIRST_RUN_AFTER.toMillis(), id -> purgeInBackground());
            periodic = vertx.setPeriodic(settings.interval().toMillis(), id -> purgeInBackground());
        }
    }

    /** Stops scheduling purges. */
    void stop() {
        vertx.cancelTimer(firstRun);
        vertx.cancelTimer(periodic);
    }

    /**
     * Deletes every row older than the retention, batch after batch; answers how many it deleted (0 when a purge is
     * already running, or the retention is zero).
     */
    Uni<Long> purge() {
        if (settings.retention().isZero() || !running.compareAndSet(false, true)) {
            return Uni.createFrom().item(0L);
        }
        Instant cutoff = Instant.now().minus(settings.retention());
        return batchesFrom(cutoff, 0).eventually(() -> running.set(false));
    }

    private Uni<Long> batchesFrom(Instant cutoff, long deletedSoFar) {
        return oldRows.delete(cutoff, settings.batchSize()).ifNoItem().after(STATEMENT_TIMEOUT).fail()
                .flatMap(deleted -> {
                    long total = deletedSoFar + deleted;
                    if (deleted < settings.batchSize()) {
                        return Uni.createFrom().item(total);
                    }
                    LOG.infof("Retention: %,d %s older than %s deleted so far", total, rows, cutoff);
                    return batchesFrom(cutoff, total);
                });
    }

    private void purgeInBackground() {
        purge().subscribe().with(deleted -> {
            if (deleted > 0) {
                LOG.infof("Retention: deleted %,d %s older than %d days", deleted, rows,
                        settings.retention().toDays());
            }
        }, failure -> LOG.warnf("Retention: purging old %s failed (%s); next try in %s", rows, failure.getMessage(),
                settings.interval()));
    }
}
