package io.fieldline.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

class BatchQueueTest {

    /** The engine stand-in: records each group it is given and finishes it when the test says so. */
    private final List<List<String>> groups = new ArrayList<>();
    private final List<CompletableFuture<Void>> running = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    private BatchQueue<String> queue(int maxRecords) {
        return new BatchQueue<>(records -> {
            groups.add(List.copyOf(records));
            CompletableFuture<Void> done = new CompletableFuture<>();
            running.add(done);
            return Uni.createFrom().completionStage(done);
        }, maxRecords);
    }

    private CompletionStage<Void> offer(BatchQueue<String> queue, String name, String... records) {
        return queue.offer(List.of(records), () -> events.add(name + " stored"),
                e -> events.add(name + " failed: " + e.getMessage()));
    }

    @Test
    void batchesThatArriveWhileAGroupIsStoredAreEvaluatedTogetherInOrderAndAcknowledgedOnlyOnceStored() {
        BatchQueue<String> queue = queue(100);
        offer(queue, "a", "a1", "a2");
        offer(queue, "b", "b1");
        offer(queue, "c", "c1", "c2");

        assertEquals(List.of(List.of("a1", "a2")), groups, "the first batch starts at once, alone");
        assertTrue(events.isEmpty(), "nothing is acknowledged before it is stored");

        running.get(0).complete(null);
        assertEquals(List.of("a stored"), events);
        assertEquals(List.of("b1", "c1", "c2"), groups.get(1), "the two waiting batches form one group, in order");

        running.get(1).complete(null);
        assertEquals(List.of("a stored", "b stored", "c stored"), events);
        assertEquals(2, groups.size());

        offer(queue, "d", "d1");
        assertEquals(List.of("d1"), groups.get(2), "an idle queue starts the next batch at once");
    }

    @Test
    void aFullQueueHoldsTheNextOfferBackUntilTheQueueIsTaken() {
        BatchQueue<String> queue = queue(3);
        assertTrue(offer(queue, "a", "a1").toCompletableFuture().isDone());
        assertTrue(offer(queue, "b", "b1", "b2").toCompletableFuture().isDone(), "two records wait: room left");
        CompletableFuture<Void> full = offer(queue, "c", "c1").toCompletableFuture();
        assertFalse(full.isDone(), "three records wait: the channel must wait");
        CompletableFuture<Void> fuller = offer(queue, "d", "d1").toCompletableFuture();
        assertFalse(fuller.isDone(), "an offer past the bound waits too");

        running.get(0).complete(null);
        assertTrue(full.isDone() && fuller.isDone(), "taking the waiting batches makes room");
        assertEquals(List.of("b1", "b2", "c1", "d1"), groups.get(1));
    }

    @Test
    void aFailedGroupFailsEachOfItsBatchesAndTheQueueGoesOn() {
        BatchQueue<String> queue = queue(100);
        offer(queue, "a", "a1");
        offer(queue, "b", "b1");
        offer(queue, "c", "c1");
        running.get(0).complete(null);
        running.get(1).completeExceptionally(new IllegalStateException("database gone"));

        assertEquals(List.of("a stored", "b failed: database gone", "c failed: database gone"), events);
        offer(queue, "d", "d1");
        running.get(2).complete(null);
        assertEquals("d stored", events.get(events.size() - 1));
    }
}
