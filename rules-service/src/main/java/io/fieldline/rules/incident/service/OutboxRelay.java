package io.fieldline.rules.incident.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.rules.RulesConfig;
import io.fieldline.support.metrics.LatencyTimers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox rows (transitions made by the engine and by shelf expiry) on {@code fieldline.incidents.v1}
 * and deletes them once Kafka acknowledged them, in one transaction that holds the rows locked (SKIP LOCKED lets
 * replicas share the work). At least once: a crash between the acknowledgement and the commit sends a row again;
 * consumers key on (incident_id, transition).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String CLAIM = """
            SELECT id, record_key, tenant_id, payload, created_on FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED""";
    private static final String DELETE = "DELETE FROM outbox WHERE id = ANY($1)";

    private final Pool pool;
    private final IncidentPublisher publisher;
    private final Vertx vertx;
    private final RulesConfig config;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
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
        timer = vertx.setPeriodic(config.outboxInterval().toMillis(), id -> trigger());
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** Relays soon; a call while a relay runs makes it run once more afterwards. */
    public void trigger() {
        again.set(true);
        if (!running.compareAndSet(false, true)) {
            return;
        }
        again.set(false);
        relayOnce().subscribe().with(sent -> finished(sent >= config.outboxBatchSize()), e -> {
            LOG.warnf("Outbox relay failed (retrying on the next tick): %s", e.toString());
            running.set(false);
        });
    }

    private void finished(boolean full) {
        running.set(false);
        if (full || again.get()) {
            trigger();
        }
    }

    private Uni<Integer> relayOnce() {
        return pool.withTransaction(connection -> connection.preparedQuery(CLAIM)
                .execute(Tuple.of(config.outboxBatchSize()))
                .flatMap(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<Long> ids = new ArrayList<>(rows.rowCount());
                    List<Uni<Void>> sends = new ArrayList<>(rows.rowCount());
                    for (Row row : rows) {
                        ids.add(row.getLong(0));
                        // Sent in id order; the idempotent producer keeps that order per partition.
                        long createdMillis = row.getOffsetDateTime(4).toInstant().toEpochMilli();
                        sends.add(publisher.publish(row.getString(1), row.getString(2), row.getString(3))
                                .invoke(() -> lag.record(Math.max(0, System.currentTimeMillis() - createdMillis),
                                        TimeUnit.MILLISECONDS)));
                    }
                    return Uni.join().all(sends).andFailFast()
                            .flatMap(ok -> delete(connection, ids))
                            .replaceWith(ids.size());
                }));
    }

    private static Uni<Void> delete(SqlConnection connection, List<Long> ids) {
        return connection.preparedQuery(DELETE).execute(Tuple.of(ids.toArray(new Long[0]))).replaceWithVoid();
    }
}
