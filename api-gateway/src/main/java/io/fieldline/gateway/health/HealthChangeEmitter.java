package io.fieldline.gateway.health;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.gateway.config.GatewayConfig;
import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.ActivityTypes;
import io.fieldline.model.TenantId;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import org.jboss.logging.Logger;

/**
 * Announces changes of the overall {@code /health} state (ok ↔ degraded) as {@code system.health_changed} on
 * {@code fieldline.activity.v1}, one record per active tenant (subject {@value #SUBJECT}), so each tenant's webhooks
 * and live sockets hear of it through the usual tenant-scoped paths.
 *
 * <p>
 * The last announced state lives in PostgreSQL ({@code platform_health}). A replica that sees a state different
 * from its last known one locks that row (skipping the round if another replica holds it), publishes only if the
 * stored state differs, waits for Kafka's acknowledgements, and then stores the new state in the same transaction.
 * So one replica announces each change; if publishing or the commit fails, the row is unchanged and the next round
 * (of any replica) tries again. That is at least once: a tenant gets a duplicate only when a round fails after its own
 * record was acknowledged (another tenant's record failed, or the commit did).
 */
@ApplicationScoped
public class HealthChangeEmitter {

    /** Subject of the records: the platform as a whole. */
    public static final String SUBJECT = "platform";

    private static final Logger LOG = Logger.getLogger(HealthChangeEmitter.class);

    private final Vertx vertx;
    private final Pool pool;
    private final HealthMonitor monitor;
    private final PlatformHealthStore store;
    private final HealthActivityPublisher publisher;
    private final long intervalMs;
    private final AtomicBoolean running = new AtomicBoolean();
    // The stored state as this replica last saw it; only a difference from it costs a database round trip.
    private volatile String lastKnown;
    private long timerId = -1;

    HealthChangeEmitter(Vertx vertx, Pool pool, HealthMonitor monitor, PlatformHealthStore store,
            HealthActivityPublisher publisher, GatewayConfig config) {
        this.vertx = vertx;
        this.pool = pool;
        this.monitor = monitor;
        this.store = store;
        this.publisher = publisher;
        this.intervalMs = config.health().changeCheckInterval().toMillis();
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(intervalMs, id -> check());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timerId);
    }

    // Runs on the event loop: everything below is non-blocking; a round still in progress makes the next one skip.
    private void check() {
        Optional<HealthSnapshot> measured = monitor.measured();
        if (measured.isEmpty() || measured.get().status().equals(lastKnown) || !running.compareAndSet(false, true)) {
            return;
        }
        HealthSnapshot snapshot = measured.get();
        pool.withTransaction(connection -> announce(connection, snapshot))
                .subscribe().with(stored -> {
                    stored.ifPresent(status -> lastKnown = status);
                    running.set(false);
                }, failure -> {
                    LOG.warnf("Could not announce the health change to %s (retrying next round): %s",
                            snapshot.status(), failure.toString());
                    running.set(false);
                });
    }

    /** The state stored once the transaction commits, or empty when another replica holds the row. */
    private Uni<Optional<String>> announce(SqlConnection connection, HealthSnapshot snapshot) {
        String status = snapshot.status();
        return store.lock(connection).flatMap(locked -> {
            if (locked.isEmpty()) {
                return Uni.createFrom().item(Optional.<String>empty());
            }
            String previous = locked.get();
            if (previous.equals(status)) {
                return Uni.createFrom().item(Optional.of(status));
            }
            // The first measurement ever only sets the baseline: there is no change to announce.
            Uni<Void> publish = PlatformHealthStore.UNKNOWN.equals(previous)
                    ? Uni.createFrom().voidItem()
                    : store.activeTenants(connection).flatMap(tenants -> publisher.publishAll(
                            records(tenants, previous, snapshot)));
            return publish.chain(() -> store.set(connection, status)).map(done -> {
                if (!PlatformHealthStore.UNKNOWN.equals(previous)) {
                    LOG.infof("Platform health changed from %s to %s", previous, status);
                }
                return Optional.of(status);
            });
        });
    }

    private static List<ActivityOccurred> records(List<TenantId> tenants, String previous, HealthSnapshot snapshot) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", snapshot.status());
        data.put("previous_status", previous);
        data.put("database", snapshot.databaseUp() ? "ok" : "error");
        data.put("services", snapshot.services());
        Instant now = Instant.now();
        return tenants.stream()
                .map(tenant -> new ActivityOccurred(tenant, ActivityTypes.SYSTEM_HEALTH_CHANGED, SUBJECT, null, data,
                        now))
                .toList();
    }
}
