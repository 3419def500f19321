package io.fieldline.rules.engine;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * Runs asynchronous work one piece at a time, in submission order, without blocking a thread: the engine's
 * in-memory state is touched by datapoint batches, stale checks and rebalances, and this keeps them from
 * interleaving. Bounded in practice: the Kafka channel submits one batch and waits for it, timers skip a tick while
 * their previous one is queued.
 */
final class SerialQueue {

    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    /** Queues the work; the returned Uni completes with its result once it ran. */
    synchronized <T> Uni<T> submit(Supplier<Uni<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        tail = tail.thenCompose(ignored -> {
            try {
                work.get().subscribe().with(result::complete, result::completeExceptionally);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
            return result.handle((r, e) -> null);
        });
        return Uni.createFrom().completionStage(result);
    }
}
