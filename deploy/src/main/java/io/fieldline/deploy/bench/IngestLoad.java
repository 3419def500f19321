package io.fieldline.deploy.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop ingest load: {@code concurrency} workers each keep one send in flight (an HTTP request or a socket
 * message) and send the next as soon as the answer arrives, for a warm-up and then a measured duration. Unlike
 * {@link LoadRun} it counts the datapoints ingest-service <em>accepted</em> in every phase (the storage check needs
 * them all) and prints a progress line every second.
 */
final class IngestLoad {

    /** What one send yielded: the HTTP status (0: no answer) and how many datapoints were accepted. */
    record Outcome(int status, int accepted, String failure) {

        static Outcome failed(String failure) {
            return new Outcome(0, 0, failure);
        }
    }

    /** Sends one unit of load for a worker; the future never fails (failures are outcomes). */
    interface Sender {

        CompletableFuture<Outcome> send(int worker);
    }

    /** The measured part plus the datapoints accepted over the whole run. */
    record Result(ScenarioResult scenario, long acceptedMeasured, long acceptedTotal) {

        double acceptedPerSecond() {
            return acceptedMeasured / (scenario.measured().toNanos() / 1e9);
        }
    }

    private static final ScheduledExecutorService PACER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-pacer");
        thread.setDaemon(true);
        return thread;
    });

    private final Sender sender;
    private final long periodNanos;
    private final AtomicLong nextSlotNanos;
    private final long measureFromNanos;
    private final long endNanos;
    private final LongAdder acceptedTotal = new LongAdder();
    private final LongAdder acceptedMeasured = new LongAdder();

    private IngestLoad(Sender sender, double sendsPerSecond, Duration warmup, Duration duration) {
        this.sender = sender;
        this.periodNanos = sendsPerSecond > 0 ? (long) (1e9 / sendsPerSecond) : 0;
        this.nextSlotNanos = new AtomicLong(System.nanoTime());
        this.measureFromNanos = System.nanoTime() + warmup.toNanos();
        this.endNanos = measureFromNanos + duration.toNanos();
    }

    static Result run(String name, Sender sender, int concurrency, Duration warmup, Duration duration,
            PrintStream out) {
        return run(name, sender, 0, concurrency, warmup, duration, out);
    }

    /**
     * Like {@link #run(String, Sender, int, Duration, Duration, PrintStream)}, but the sends are spread evenly at
     * {@code sendsPerSecond} (a fixed offered load) instead of following each other as fast as the answers come;
     * {@code concurrency} still bounds the sends in flight.
     */
    static Result run(String name, Sender sender, double sendsPerSecond, int concurrency, Duration warmup,
            Duration duration, PrintStream out) {
        IngestLoad load = new IngestLoad(sender, sendsPerSecond, warmup, duration);
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Worker worker = load.new Worker(i);
            workers.add(worker);
            worker.sendNext();
        }
        Thread progress = new Thread(() -> load.printProgress(name, out), "bench-progress");
        progress.setDaemon(true);
        progress.start();
        ScenarioResult.Builder result = ScenarioResult.builder(name, duration);
        for (Worker worker : workers) {
            try {
                worker.done.get(warmup.plus(duration).toSeconds() + 60, TimeUnit.SECONDS);
            } catch (Exception e) {
                List<String> states = workers.stream().map(Worker::describe).toList();
                throw new IllegalStateException("A load worker of '" + name + "' did not finish (" + e + "): "
                        + String.join("; ", states), e);
            }
            result.add(worker.latencies, worker.statuses, worker.firstFailure);
        }
        progress.interrupt();
        out.print("\r" + " ".repeat(100) + "\r");
        return new Result(result.build(), load.acceptedMeasured.sum(), load.acceptedTotal.sum());
    }

    private void printProgress(String name, PrintStream out) {
        long previous = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long total = acceptedTotal.sum();
            boolean warming = System.nanoTime() - measureFromNanos < 0;
            out.printf(Locale.ROOT, "\r  %-34s %s %,9d datapoints/s accepted, %,d in total   ", name,
                    warming ? "(warm-up)" : "         ", total - previous, total);
            previous = total;
        }
    }

    /** One send in flight at a time; its fields are only touched by the callback chain of that send. */
    private final class Worker {

        private final int id;
        private final LatencyHistogram latencies = new LatencyHistogram();
        private final long[] statuses = new long[ScenarioResult.STATUS_SLOTS];
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private String firstFailure;
        private volatile long inFlightSince;

        private Worker(int id) {
            this.id = id;
        }

        void sendNext() {
            long now = System.nanoTime();
            if (periodNanos > 0) {
                // Claim the next free slot of the schedule; a slot already past is sent at once (catching up).
                long slot = nextSlotNanos.getAndAdd(periodNanos);
                if (slot - now > 0) {
                    PACER.schedule(this::sendNow, slot - now, TimeUnit.NANOSECONDS);
                    return;
                }
            }
            sendNow();
        }

        private void sendNow() {
            long start = System.nanoTime();
            if (start - endNanos >= 0) {
                done.complete(null);
                return;
            }
            inFlightSince = start;
            sendSafely().whenComplete((outcome, error) -> {
                Outcome result = error == null ? outcome : Outcome.failed(error.toString());
                long finished = System.nanoTime();
                acceptedTotal.add(result.accepted());
                if (start - measureFromNanos >= 0 && finished - endNanos <= 0) {
                    acceptedMeasured.add(result.accepted());
                    latencies.record(TimeUnit.NANOSECONDS.toMicros(finished - start));
                    statuses[Math.min(result.status(), ScenarioResult.STATUS_SLOTS - 1)]++;
                    if (firstFailure == null && ScenarioResult.isFailure(result.status())) {
                        firstFailure = result.failure() != null ? result.failure() : "status " + result.status();
                    }
                }
                sendNext();
            });
        }

        // A sender that throws instead of failing its future (paced sends run on the pacer thread, whose executor
        // would swallow the exception) would otherwise end this worker's chain without a trace.
        private CompletableFuture<Outcome> sendSafely() {
            try {
                return sender.send(id);
            } catch (RuntimeException e) {
                return CompletableFuture.completedFuture(Outcome.failed("the sender threw " + e));
            }
        }

        String describe() {
            return done.isDone() ? "worker " + id + ": finished"
                    : String.format(Locale.ROOT, "worker %d: its last request started %,d ms ago", id,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - inFlightSince));
        }
    }
}
