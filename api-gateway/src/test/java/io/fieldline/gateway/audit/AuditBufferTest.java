package io.fieldline.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.fieldline.testsupport.Await;
import org.junit.jupiter.api.Test;

class AuditBufferTest {

    private final List<List<AuditBuffer.Entry>> batches = new CopyOnWriteArrayList<>();
    private final AtomicInteger queueFull = new AtomicInteger();
    private final AtomicInteger writeFailed = new AtomicInteger();

    @Test
    void writesFullBatchesAtOnceAndNeverLargerThanTheBatchSize() {
        // GIVEN a buffer of batch size 5 that would otherwise wait 10 s for a batch to fill
        AuditBuffer buffer = new AuditBuffer(100, 5, Duration.ofSeconds(10), batches::add, this::count);

        // WHEN 12 records arrive
        for (int i = 0; i < 12; i++) {
            buffer.offer(record("r" + i));
        }

        // THEN two full batches are written well before the flush interval, and the rest on close, in order
        Await.until("two full batches", Duration.ofSeconds(3), () -> written() >= 10);
        buffer.close(Duration.ofSeconds(5));
        assertEquals(12, written());
        assertTrue(batches.stream().allMatch(batch -> batch.size() <= 5), "a batch is larger than 5");
        assertEquals(List.of("r0", "r1", "r2", "r3", "r4"), actions(batches.get(0)));
        assertEquals(0, queueFull.get() + writeFailed.get());
    }

    @Test
    void writesAPartialBatchAfterTheFlushInterval() {
        AuditBuffer buffer = new AuditBuffer(100, 500, Duration.ofMillis(100), batches::add, this::count);
        long start = System.nanoTime();

        buffer.offer(record("alone"));

        Await.until("the lone record is written", Duration.ofSeconds(3), () -> written() == 1);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMillis >= 90, "written before the flush interval: " + tookMillis + " ms");
        assertEquals(0, buffer.pending());
        buffer.close(Duration.ofSeconds(1));
    }

    @Test
    void dropsAndCountsRecordsWhenTheQueueIsFullWithoutBlocking() throws Exception {
        // GIVEN a writer stuck on its first batch and a queue of two
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AuditBuffer buffer = new AuditBuffer(2, 1, Duration.ofMillis(10), batch -> {
            writing.countDown();
            release.await();
            batches.add(batch);
        }, this::count);
        buffer.offer(record("first"));
        assertTrue(writing.await(3, TimeUnit.SECONDS));

        // WHEN five more records arrive
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            buffer.offer(record("more" + i));
        }

        // THEN two are queued, three are dropped and counted, and offering did not wait for the writer
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500));
        assertEquals(3, queueFull.get());
        assertEquals(2, buffer.pending());
        release.countDown();
        buffer.close(Duration.ofSeconds(5));
        assertEquals(List.of("first", "more0", "more1"),
                batches.stream().flatMap(List::stream).map(e -> e.record().action()).toList());
    }

    @Test
    void closeWritesWhatIsQueuedPromptly() {
        // GIVEN records waiting for a batch that would fill only after a minute
        AuditBuffer buffer = new AuditBuffer(100, 500, Duration.ofMinutes(1), batches::add, this::count);
        for (int i = 0; i < 3; i++) {
            buffer.offer(record("r" + i));
        }

        // WHEN the gateway shuts down
        long start = System.nanoTime();
        buffer.close(Duration.ofSeconds(5));

        // THEN they are written before close returns, without waiting out the interval
        assertEquals(3, written());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
    }

    @Test
    void aFailedWriteIsCountedAndTheWriterCarriesOn() {
        AtomicInteger calls = new AtomicInteger();
        AuditBuffer buffer = new AuditBuffer(100, 1, Duration.ofMillis(10), batch -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("database down");
            }
            batches.add(batch);
        }, this::count);

        buffer.offer(record("lost"));
        Await.until("the failure is counted", Duration.ofSeconds(3), () -> writeFailed.get() == 1);
        buffer.offer(record("kept"));
        buffer.close(Duration.ofSeconds(5));

        assertEquals(List.of("kept"), actions(batches.get(0)));
    }

    private void count(String reason, int count) {
        (AuditBuffer.QUEUE_FULL.equals(reason) ? queueFull : writeFailed).addAndGet(count);
    }

    private int written() {
        return batches.stream().mapToInt(List::size).sum();
    }

    private static List<String> actions(List<AuditBuffer.Entry> batch) {
        return batch.stream().map(e -> e.record().action()).toList();
    }

    private static AuditRecord record(String action) {
        return new AuditRecord(1L, "actor", "user", action, null, AuditRecord.SUCCESS, "127.0.0.1", "req");
    }
}
