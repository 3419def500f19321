package io.fieldline.ota.rollout.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.model.ActivityOccurred;
import io.fieldline.ota.OtaConfig;
import io.fieldline.ota.activity.ActivityOutbox;
import io.fieldline.ota.rollout.store.RolloutStore;
import io.fieldline.ota.rollout.store.StoredRollout;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import org.jboss.logging.Logger;

/**
 * The rollout timers. Deadlines are columns, not in-memory timers, so a restart loses none: every sweep fails the
 * devices past their deadline ({@code failed}, reason {@code timeout}) and moves their rollouts on. At start-up every
 * running rollout is also re-evaluated, which continues a rollout exactly where the last committed change left it.
 */
@ApplicationScoped
public class TimeoutSweeper {

    private static final Logger LOG = Logger.getLogger(TimeoutSweeper.class);
    private static final int ROLLOUTS_PER_SWEEP = 100;

    private final RolloutStore store;
    private final RolloutEngine engine;
    private final ActivityOutbox outbox;
    private final Vertx vertx;
    private final OtaConfig.Rollout config;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    TimeoutSweeper(RolloutStore store, RolloutEngine engine, ActivityOutbox outbox, Vertx vertx, OtaConfig config) {
        this.store = store;
        this.engine = engine;
        this.outbox = outbox;
        this.vertx = vertx;
        this.config = config.rollout();
    }

    void start(@Observes StartupEvent event) {
        recover().subscribe().with(x -> LOG.debug("Running rollouts re-evaluated"),
                e -> LOG.warnf("Re-evaluating running rollouts failed: %s", e.toString()));
        timer = vertx.setPeriodic(config.sweepInterval().toMillis(), id -> sweepNow());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Re-evaluates every running rollout (start-up, and for tests that simulate a restart). */
    public Uni<Void> recover() {
        return store.running().flatMap(ids -> each(ids, false));
    }

    /** One sweep of overdue devices. */
    public Uni<Void> sweep() {
        return store.overdueRollouts(ROLLOUTS_PER_SWEEP).flatMap(ids -> each(ids, true));
    }

    private void sweepNow() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        sweep().subscribe().with(x -> running.set(false), e -> {
            running.set(false);
            LOG.warnf("Sweeping overdue devices failed; retrying on the next round: %s", e.toString());
        });
    }

    private Uni<Void> each(List<Long> ids, boolean timeouts) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndConcatenate(id -> one(id, timeouts))
                .collect().last().invoke(outbox::wake).replaceWithVoid();
    }

    private Uni<Void> one(long id, boolean timeouts) {
        return store.pool().withTransaction(tx -> store.lock(tx, id).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(List.<ActivityOccurred>of());
            }
            StoredRollout rollout = found.get();
            Uni<List<String>> failed = timeouts
                    ? store.failOverdue(tx, id)
                    : Uni.createFrom().item(List.of());
            return failed.flatMap(devices -> {
                List<ActivityOccurred> activities = new ArrayList<>();
                devices.forEach(device -> activities.add(RolloutEngine.deviceActivity(rollout, device,
                        RolloutStatus.FAILED, "timeout", null)));
                return engine.evaluate(tx, rollout, !devices.isEmpty()).map(more -> {
                    activities.addAll(more);
                    return activities;
                });
            });
        }).flatMap(activities -> outbox.add(tx, activities)));
    }

}
