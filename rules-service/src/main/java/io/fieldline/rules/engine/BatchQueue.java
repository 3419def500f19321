package io.fieldline.rules.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;

/**
 * Polled batches waiting for the engine. While one group of records is evaluated and stored, the batches that arrive
 * queue here, and the next group takes all of them: a slow commit then costs the records behind it one more
 * transaction, not one per polled batch. A batch is reported stored (so its Kafka offsets may be committed) only once
 * its group is. Bounded: an offer that brings the queue to {@code maxRecords} completes only once the queue was taken,
 * which holds the Kafka channel back.
 *
 * @param <T> a record
 */
final class BatchQueue<T> {

    private static final CompletableFuture<Void> ROOM_LEFT = CompletableFuture.completedFuture(null);

    private record Batch<T>(List<T> records, Runnable stored, Consumer<Throwable> failed) {
    }

    private final Function<List<T>, Uni<Void>> work;
    private final int maxRecords;
    // Guarded by this.
    private List<Batch<T>> queued = new ArrayList<>();
    private int queuedRecords;
    private boolean working;
    private CompletableFuture<Void> waitingForRoom;

    /**
     * @param work evaluates and stores a group of records, in order; completes once they are stored
     * @param maxRecords how many records may wait before an offer waits for room
     */
    BatchQueue(Function<List<T>, Uni<Void>> work, int maxRecords) {
        this.work = work;
        this.maxRecords = maxRecords;
    }

    /**
     * Queues a batch (starting the work if it is idle).
     *
     * @param stored called once the batch's group is stored
     * @param failed called instead when storing its group failed
     * @return completes when the next batch may be offered
     */
    CompletionStage<Void> offer(List<T> records, Runnable stored, Consumer<Throwable> failed) {
        CompletableFuture<Void> accepted = ROOM_LEFT;
        synchronized (this) {
            queued.add(new Batch<>(records, stored, failed));
            queuedRecords += records.size();
            if (queuedRecords >= maxRecords) {
                if (waitingForRoom == null) {
                    waitingForRoom = new CompletableFuture<>();
                }
                accepted = waitingForRoom;
            }
        }
        startNext();
        return accepted;
    }

    private void startNext() {
        List<Batch<T>> group;
        CompletableFuture<Void> room;
        synchronized (this) {
            if (working || queued.isEmpty()) {
                return;
            }
            working = true;
            group = queued;
            queued = new ArrayList<>();
            queuedRecords = 0;
            room = waitingForRoom;
            waitingForRoom = null;
        }
        if (room != null) {
            room.complete(null);
        }
        List<T> records = new ArrayList<>();
        group.forEach(batch -> records.addAll(batch.records()));
        Uni<Void> run;
        try {
            run = work.apply(records);
        } catch (RuntimeException e) {
            run = Uni.createFrom().failure(e);
        }
        run.subscribe().with(ok -> finish(group, null), e -> finish(group, e));
    }

    private void finish(List<Batch<T>> group, Throwable failure) {
        for (Batch<T> batch : group) {
            if (failure == null) {
                batch.stored().run();
            } else {
                batch.failed().accept(failure);
            }
        }
        synchronized (this) {
            working = false;
        }
        startNext();
    }
}
