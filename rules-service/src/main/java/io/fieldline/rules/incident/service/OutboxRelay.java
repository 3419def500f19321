package io.fieldline.rules.incident.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.rules.RulesConfig;
import io.fieldline.rules.incident.store.OutboxRow;
import io.fieldline.support.metrics.LatencyTimers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox rows (transitions made by the engine and by shelf expiry) on {@code fieldline.incidents.v1}
 * and deletes them once Kafka acknowledged them. The transaction that wrote rows hands them over as soon as it
 * committed and they are sent at once: no query, no wait behind another relay. A periodic sweep takes only rows
 * older than {@code outbox-sweep-after} (left by a crash, a failed send, or a hand-over beyond the in-flight bound),
 * locked in one transaction (SKIP LOCKED lets replicas share them). At least once: a crash between the
 * acknowledgement and the delete sends a row again; consumers key on (incident_id, transition).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    // Below the Kafka sink's own in-flight bound (1024), so a hand-over never overflows the emitter.
    static final int MAX_IN_FLIGHT = 1_000;
    private static final String CLAIM = """
            SELECT id, record_key, tenant_id, payload, created_on FROM outbox
            WHERE created_on < now() - $2 * interval '1 millisecond'
            ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED""";
    private static final String DELETE = "DELETE FROM outbox WHERE id = ANY($1)";

    private final Pool pool;
    private final IncidentPublisher publisher;
    private final Vertx vertx;
    private final RulesConfig config;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Timer lag;
    private long timer = -1;

    OutboxRelay(Pool pool, IncidentPublisher publisher, Vertx vertx, RulesConfig config, MeterRegistry registry) {
        this.lag = LatencyTimers.register("fieldline.rules.outbox.lag",
                "Time from the transaction that recorded a transition to Kafka's acknowledgement of its record",
                registry);
        this.pool = pool;
        this.publisher = publisher;
        this.vertx = vertx;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.outboxInterval().toMillis(), id -> sweep());
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** Publishes rows whose transaction just committed, in their order, and deletes them once acknowledged. */
    public void publish(List<OutboxRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (inFlight.addAndGet(rows.size()) > MAX_IN_FLIGHT) {
            inFlight.addAndGet(-rows.size());
            LOG.warnf("%d incident records wait for the outbox sweep: %d are still unacknowledged", rows.size(),
                    MAX_IN_FLIGHT);
            return;
        }
        sendAndDelete(pool, rows)
                .onTermination().invoke(() -> inFlight.addAndGet(-rows.size()))
                .subscribe().with(ok -> {
                }, e -> LOG.warnf("Publishing %d incident records failed (the outbox sweep retries them): %s",
                        rows.size(), e.toString()));
    }

    private void sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        sweepOnce().subscribe().with(sent -> {
            sweeping.set(false);
            if (sent >= config.outboxBatchSize()) {
                sweep();
            }
        }, e -> {
            LOG.warnf("Outbox sweep failed (retrying on the next tick): %s", e.toString());
            sweeping.set(false);
        });
    }

    private Uni<Integer> sweepOnce() {
        return pool.withTransaction(connection -> connection.preparedQuery(CLAIM)
                .execute(Tuple.of(config.outboxBatchSize(), config.outboxSweepAfter().toMillis()))
                .flatMap(rows -> {
                    List<OutboxRow> claimed = new ArrayList<>(rows.rowCount());
                    for (Row row : rows) {
                        claimed.add(new OutboxRow(row.getLong(0), row.getString(1), row.getString(2),
                                row.getString(3), row.getOffsetDateTime(4).toInstant().toEpochMilli()));
                    }
                    if (!claimed.isEmpty()) {
                        LOG.infof("Outbox sweep publishes %d incident records left behind", claimed.size());
                    }
                    return sendAndDelete(connection, claimed).replaceWith(claimed.size());
                }));
    }

    private Uni<Void> sendAndDelete(SqlClient client, List<OutboxRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = new ArrayList<>(rows.size());
        Long[] ids = new Long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            OutboxRow row = rows.get(i);
            ids[i] = row.id();
            // Sent in order; the idempotent producer keeps that order per partition.
            sends.add(publisher.publish(row.recordKey(), row.tenantId(), row.payload())
                    .invoke(() -> lag.record(Math.max(0, System.currentTimeMillis() - row.createdMillis()),
                            TimeUnit.MILLISECONDS)));
        }
        return Uni.join().all(sends).andFailFast()
                .flatMap(ok -> client.preparedQuery(DELETE).execute(Tuple.of(ids)))
                .replaceWithVoid();
    }
}
