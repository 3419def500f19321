package io.fieldline.webhook.delivery.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.webhook.WebhookConfig;
import io.fieldline.webhook.delivery.store.AttemptOutcome;
import io.fieldline.webhook.delivery.store.DeliveryStore;
import io.fieldline.webhook.delivery.store.HousekeepingStore;
import io.fieldline.webhook.delivery.store.LeasedDelivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

/**
 * Runs the durable schedule: leases due deliveries from PostgreSQL (shared with other replicas), attempts them within
 * a global and a per-subscription concurrency limit, and records each outcome. Runs every poll interval and
 * whenever new deliveries were created; housekeeping (dead letters to Kafka, auto-disable, deleting finished
 * deliveries past their retention) runs once a second.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final int HOUSEKEEPING_BATCH = 100;
    // Finished deliveries deleted per housekeeping second at most: 86 million a day, in short transactions.
    private static final int RETENTION_BATCH = 1000;

    private final Vertx vertx;
    private final DeliveryStore store;
    private final HousekeepingStore housekeeping;
    private final Sender sender;
    private final KafkaOut kafka;
    private final WebhookConfig config;
    private final Recorder recorder;
    private final Map<String, Counter> attemptsByOutcome;

    private final AtomicInteger inFlight = new AtomicInteger();
    // Guarded by itself: the slots of each subscription with attempts in flight (absent = none).
    private final Map<Long, Slots> perSubscription = new HashMap<>();
    private final AtomicBoolean passRunning = new AtomicBoolean();
    private final AtomicBoolean passWanted = new AtomicBoolean();
    private final AtomicBoolean housekeepingRunning = new AtomicBoolean();
    private volatile boolean stopped;
    private long pollTimer = -1;
    private long housekeepingTimer = -1;

    Dispatcher(Vertx vertx, DeliveryStore store, HousekeepingStore housekeeping, Sender sender, KafkaOut kafka,
            WebhookConfig config, MeterRegistry registry) {
        this.vertx = vertx;
        this.store = store;
        this.housekeeping = housekeeping;
        this.sender = sender;
        this.kafka = kafka;
        this.config = config;
        this.recorder = new Recorder(store);
        this.attemptsByOutcome = Map.of("delivered", attemptCounter(registry, "delivered"), "failed",
                attemptCounter(registry, "failed"), "dead_letter", attemptCounter(registry, "dead_letter"));
        registry.gauge("fieldline.webhook.attempts.in.flight", inFlight);
    }

    void start(@Observes StartupEvent event) {
        pollTimer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake());
        housekeepingTimer = vertx.setPeriodic(1000, id -> housekeep());
    }

    @PreDestroy
    void stop() {
        stopped = true;
        vertx.cancelTimer(pollTimer);
        vertx.cancelTimer(housekeepingTimer);
    }

    /** Asks for a pass soon (new deliveries exist, or a slot became free); passes never overlap. */
    public void wake() {
        passWanted.set(true);
        if (!stopped && passRunning.compareAndSet(false, true)) {
            passWanted.set(false);
            pass();
        }
    }

    /** Attempts in flight in this replica (for tests and metrics). */
    public int inFlight() {
        return inFlight.get();
    }

    private void pass() {
        int free = Math.min(config.leaseBatch(), config.maxInFlight() - inFlight.get());
        if (free <= 0) {
            endPass(false);
            return;
        }
        List<Long> saturated = new ArrayList<>();
        synchronized (perSubscription) {
            perSubscription.forEach((id, slots) -> {
                if (slots.full()) {
                    saturated.add(id);
                }
            });
        }
        store.lease(free, saturated, config.leaseDuration()).subscribe().with(leased -> {
            List<Long> overflow = new ArrayList<>();
            for (LeasedDelivery delivery : leased) {
                if (!takeSlot(delivery)) {
                    overflow.add(delivery.id());
                } else {
                    inFlight.incrementAndGet();
                    attempt(delivery);
                }
            }
            store.release(overflow).subscribe().with(done -> {
            }, failure -> LOG.warnf("Could not release %d leased deliveries: %s", overflow.size(), failure));
            // A full batch suggests more are due right now.
            endPass(leased.size() == free && overflow.size() < leased.size());
        }, failure -> {
            LOG.warnf("Leasing due deliveries failed (retrying next poll): %s", failure.getMessage());
            endPass(false);
        });
    }

    private void endPass(boolean again) {
        passRunning.set(false);
        if (again || passWanted.get()) {
            wake();
        }
    }

    private void attempt(LeasedDelivery delivery) {
        Instant attemptedAt = Instant.now();
        sender.send(delivery)
                .map(response -> outcome(delivery, response, attemptedAt))
                .invoke(outcome -> attemptsByOutcome.get(outcome.status()).increment())
                .flatMap(outcome -> recorder.record(delivery, outcome).replaceWith(outcome.delivered()))
                .subscribe().with(delivered -> finished(delivery, delivered), failure -> {
                    // The lease expires and the delivery is attempted again (same webhook-id).
                    LOG.warnf("Recording the attempt of delivery %s failed: %s", delivery.publicId(),
                            failure.getMessage());
                    finished(delivery, null);
                });
    }

    private AttemptOutcome outcome(LeasedDelivery delivery, Response response, Instant attemptedAt) {
        if (response.success()) {
            return new AttemptOutcome("delivered", response.statusCode(), null, response.excerpt(), attemptedAt,
                    response.durationMillis(), 0, false);
        }
        boolean gone = response.statusCode() != null && response.statusCode() == 410;
        long delay = gone ? -1
                : Schedule.delayMillis(delivery.attempt() + 1, delivery.retrySchedule(), config.retrySchedule(),
                        config.retryJitter());
        return new AttemptOutcome(delay < 0 ? "dead_letter" : "failed", response.statusCode(), response.error(),
                response.excerpt(), attemptedAt, response.durationMillis(), Math.max(delay, 0), gone);
    }

    /** @param delivered the attempt's result, or null when it could not be recorded */
    private void finished(LeasedDelivery delivery, Boolean delivered) {
        inFlight.decrementAndGet();
        synchronized (perSubscription) {
            Slots slots = perSubscription.get(delivery.webhookId());
            if (slots != null) {
                if (delivered != null) {
                    slots.limit = limit(!delivered);
                }
                if (--slots.used == 0) {
                    perSubscription.remove(delivery.webhookId());
                }
            }
        }
        wake();
    }

    private boolean takeSlot(LeasedDelivery delivery) {
        synchronized (perSubscription) {
            Slots slots = perSubscription.computeIfAbsent(delivery.webhookId(),
                    id -> new Slots(limit(delivery.subscriptionFailing())));
            if (slots.full()) {
                return false;
            }
            slots.used++;
            return true;
        }
    }

    private static Counter attemptCounter(MeterRegistry registry, String outcome) {
        return registry.counter("fieldline.webhook.attempts", "outcome", outcome);
    }

    // A failing receiver (often one that hangs until the timeout) gets fewer slots until an attempt succeeds, so
    // many dead receivers together cannot hold the slots the healthy ones need.
    private int limit(boolean failing) {
        return failing ? config.maxInFlightPerFailingSubscription() : config.maxInFlightPerSubscription();
    }

    /** Attempts in flight for one subscription and how many it may have. */
    private static final class Slots {

        int used;
        int limit;

        Slots(int limit) {
            this.limit = limit;
        }

        boolean full() {
            return used >= limit;
        }
    }

    private void housekeep() {
        if (stopped || !housekeepingRunning.compareAndSet(false, true)) {
            return;
        }
        housekeeping.publishDeadLetters(HOUSEKEEPING_BATCH, kafka::deadLettered)
                .flatMap(published -> housekeeping.disableFailing(config.disableAfterFailing()))
                .flatMap(disabled -> housekeeping.announceDisabled(HOUSEKEEPING_BATCH, kafka::disabled))
                .flatMap(announced -> housekeeping.deleteFinished(config.deliveryRetention(), RETENTION_BATCH))
                .subscribe().with(done -> housekeepingRunning.set(false), failure -> {
                    LOG.warnf("Webhook housekeeping failed (retrying in a second): %s", failure.getMessage());
                    housekeepingRunning.set(false);
                });
    }
}
