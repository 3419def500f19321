package io.fieldline.webhook.delivery.dispatch;

import java.util.ArrayList;
import java.util.List;

import io.fieldline.webhook.delivery.store.AttemptOutcome;
import io.fieldline.webhook.delivery.store.DeliveryStore;
import io.fieldline.webhook.delivery.store.LeasedDelivery;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Promise;

/**
 * Writes attempt outcomes in batches: one statement (and one commit) for all outcomes that finished while the
 * previous batch was being written. One batch at a time, so concurrent batches never lock subscription rows in
 * different orders. The batch is bounded by the attempts in flight.
 */
final class Recorder {

    private final DeliveryStore store;
    private final List<LeasedDelivery> deliveries = new ArrayList<>();
    private final List<AttemptOutcome> outcomes = new ArrayList<>();
    private final List<Promise<Void>> waiting = new ArrayList<>();
    private boolean writing;

    Recorder(DeliveryStore store) {
        this.store = store;
    }

    /** Completes once the outcome is written (or fails with the batch). */
    Uni<Void> record(LeasedDelivery delivery, AttemptOutcome outcome) {
        Promise<Void> written = Promise.promise();
        boolean start;
        synchronized (this) {
            deliveries.add(delivery);
            outcomes.add(outcome);
            waiting.add(written);
            start = !writing;
            writing = true;
        }
        if (start) {
            writeBatch();
        }
        return Uni.createFrom().completionStage(written.future().toCompletionStage());
    }

    private void writeBatch() {
        List<LeasedDelivery> batchDeliveries;
        List<AttemptOutcome> batchOutcomes;
        List<Promise<Void>> batchWaiting;
        synchronized (this) {
            if (deliveries.isEmpty()) {
                writing = false;
                return;
            }
            batchDeliveries = new ArrayList<>(deliveries);
            batchOutcomes = new ArrayList<>(outcomes);
            batchWaiting = new ArrayList<>(waiting);
            deliveries.clear();
            outcomes.clear();
            waiting.clear();
        }
        store.record(batchDeliveries, batchOutcomes).subscribe().with(done -> {
            batchWaiting.forEach(Promise::tryComplete);
            writeBatch();
        }, failure -> {
            batchWaiting.forEach(p -> p.tryFail(failure));
            writeBatch();
        });
    }
}
