package io.fieldline.deploy.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread that wakes every 10 ms and notes how late it woke. Hundreds of milliseconds late means the machine itself
 * stalled (this box's virtual machine is paused now and then, e.g. for a snapshot: 16 s once, "virtual machine fork"
 * in the kernel log) or the benchmark's process was starved, and a latency measured across that moment says nothing
 * about the system under test.
 */
final class StallWatch {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final AtomicLong maxLateNanos = new AtomicLong();

    /** Starts watching on a daemon thread. */
    static StallWatch start() {
        StallWatch watch = new StallWatch();
        Thread thread = new Thread(watch::run, "stall-watch");
        thread.setDaemon(true);
        thread.start();
        return watch;
    }

    /** How late the ticker woke at most since the last call, in milliseconds. */
    long takeMaxLateMillis() {
        return TimeUnit.NANOSECONDS.toMillis(maxLateNanos.getAndSet(0));
    }

    private void run() {
        long expected = System.nanoTime() + TICK_NANOS;
        while (true) {
            try {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, expected - System.nanoTime()));
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            long late = now - expected;
            maxLateNanos.accumulateAndGet(late, Math::max);
            expected = now + TICK_NANOS;
        }
    }
}
