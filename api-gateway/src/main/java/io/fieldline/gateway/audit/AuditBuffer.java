package io.fieldline.gateway.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * A bounded queue of audit records and the one background thread that writes them in batches: a batch is written
 * when it is full or when its first record has waited for the flush interval. Closing writes what is queued.
 */
final class AuditBuffer implements AutoCloseable {

    /** A queued record and when it happened (records are written later, in batches). */
    record Entry(AuditRecord record, Instant occurredAt) {
    }

    /** Writes one batch; may block (it runs on the buffer's own thread). */
    @FunctionalInterface
    interface BatchWriter {

        void write(List<Entry> batch) throws Exception;
    }

    /** Told about records that were lost, and why. */
    @FunctionalInterface
    interface DropListener {

        void dropped(String reason, int count);
    }

    static final String QUEUE_FULL = "queue_full";
    static final String WRITE_FAILED = "write_failed";

    private static final Logger LOG = Logger.getLogger(AuditBuffer.class);
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final BlockingQueue<Entry> queue;
    private final int batchSize;
    private final long flushNanos;
    private final BatchWriter writer;
    private final DropListener drops;
    private final Thread thread;
    private volatile boolean closing;

    AuditBuffer(int capacity, int batchSize, Duration flushInterval, BatchWriter writer, DropListener drops) {
        if (capacity < 1 || batchSize < 1 || flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("capacity, batch size and flush interval must be positive");
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.flushNanos = flushInterval.toNanos();
        this.writer = writer;
        this.drops = drops;
        this.thread = new Thread(this::run, "fieldline-audit-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a record without blocking; a full queue drops it and tells the drop listener. */
    void offer(AuditRecord record) {
        if (!queue.offer(new Entry(record, Instant.now()))) {
            drops.dropped(QUEUE_FULL, 1);
        }
    }

    /** Records waiting to be written. */
    int pending() {
        return queue.size();
    }

    /** Stops taking time to fill batches, writes everything queued, and waits up to the timeout for that. */
    void close(Duration timeout) {
        // No interrupt: it could abort a batch being written. A waiting writer notices within one wait slice.
        closing = true;
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = queue.size();
        if (thread.isAlive() || left > 0) {
            LOG.warnf("Audit writer did not finish within %s; %d records not written", timeout, left);
            if (left > 0) {
                drops.dropped(WRITE_FAILED, left);
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private void run() {
        List<Entry> batch = new ArrayList<>(batchSize);
        while (!closing || !queue.isEmpty()) {
            fill(batch);
            if (!batch.isEmpty()) {
                write(batch);
                batch.clear();
            }
        }
    }

    // Waits for a first record, then up to the flush interval for the batch to fill. Waits are cut into short slices
    // so that close() is noticed promptly; once closing, it takes what is queued without waiting.
    private void fill(List<Entry> batch) {
        long deadline = 0;
        try {
            while (batch.size() < batchSize && !closing) {
                long now = System.nanoTime();
                if (!batch.isEmpty() && now - deadline >= 0) {
                    return;
                }
                long wait = batch.isEmpty() ? SLICE_NANOS : Math.min(SLICE_NANOS, deadline - now);
                Entry next = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (next != null) {
                    if (batch.isEmpty()) {
                        deadline = now + flushNanos;
                    }
                    batch.add(next);
                    queue.drainTo(batch, batchSize - batch.size());
                }
            }
        } catch (InterruptedException e) {
            // Only close() ends this thread; an interrupt merely ends this wait (the batch so far is written).
            return;
        }
        queue.drainTo(batch, batchSize - batch.size());
    }

    private void write(List<Entry> batch) {
        try {
            writer.write(List.copyOf(batch));
        } catch (Exception e) {
            LOG.errorf(e, "Could not write %d audit records", batch.size());
            drops.dropped(WRITE_FAILED, batch.size());
        }
    }
}
