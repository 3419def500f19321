package io.fieldline.rules.incident.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.model.IncidentStatus;
import io.fieldline.model.IncidentTransition;
import io.fieldline.model.IncidentTransitioned;
import io.fieldline.rules.RulesConfig;
import io.fieldline.rules.incident.store.IncidentStore;
import io.fieldline.rules.incident.store.OutboxRow;
import io.fieldline.rules.incident.store.StoredIncident;
import io.fieldline.rules.incident.store.TransitionRows;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.SqlConnection;
import org.jboss.logging.Logger;

/** Lifts expired shelves by itself: the incident returns to its earlier status, recorded and published (outbox). */
@ApplicationScoped
public class ShelfExpiry {

    private static final Logger LOG = Logger.getLogger(ShelfExpiry.class);

    private final IncidentStore store;
    private final OutboxRelay relay;
    private final Vertx vertx;
    private final RulesConfig config;
    private volatile boolean running;
    private long timer = -1;

    ShelfExpiry(IncidentStore store, OutboxRelay relay, Vertx vertx, RulesConfig config) {
        this.store = store;
        this.relay = relay;
        this.vertx = vertx;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.shelfCheckInterval().toMillis(), id -> tick());
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    private void tick() {
        if (running) {
            return;
        }
        running = true;
        store.inTransaction(connection -> store.expiredShelves(connection)
                .flatMap(expired -> Multi.createFrom().iterable(expired)
                        .onItem().transformToUniAndConcatenate(incident -> unshelve(connection, incident))
                        .collect().asList()))
                .subscribe().with(rows -> {
                    running = false;
                    relay.publish(rows);
                }, e -> {
                    running = false;
                    LOG.debugf("Shelf expiry failed (retrying): %s", e.toString());
                });
    }

    private Uni<OutboxRow> unshelve(SqlConnection connection, StoredIncident incident) {
        IncidentStatus back = incident.statusBeforeShelve() == null ? IncidentStatus.ACTIVE
                : incident.statusBeforeShelve();
        IncidentTransitioned t = new IncidentTransitioned(incident.tenant(), incident.publicId(),
                incident.rule().publicId(), incident.rule().eventPublicId(), IncidentTransition.UNSHELVED, back,
                incident.severity(), incident.lastValue(), null, "shelf expired", Instant.now(),
                incident.rule().snapshot());
        return store.unshelve(connection, incident.id())
                .flatMap(ok -> TransitionRows.both(connection, incident.id(), t, "shelved"));
    }
}
