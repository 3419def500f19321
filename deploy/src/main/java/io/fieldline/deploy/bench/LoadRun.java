package io.fieldline.deploy.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A closed-loop load of one scenario: {@code concurrency} workers each keep exactly one request in flight, sending
 * the next as soon as the previous answer arrives, first for the warm-up (not recorded), then for the measured
 * duration. Each worker records into its own histogram and status counts; they are merged at the end.
 */
final class LoadRun {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final LoadClient http = LoadClient.shared();
    private final List<LoadClient.Request> requests;
    private final long measureFromNanos;
    private final long endNanos;

    private LoadRun(List<LoadClient.Request> requests, Duration warmup, Duration duration) {
        this.requests = List.copyOf(requests);
        this.measureFromNanos = System.nanoTime() + warmup.toNanos();
        this.endNanos = measureFromNanos + duration.toNanos();
    }

    /**
     * Runs a scenario and returns its measured part. The workers take turns over {@code requests} (e.g. one per
     * gateway replica); each request must be repeatable (a GET, or a POST with a string body).
     */
    static ScenarioResult run(String name, List<LoadClient.Request> requests, int concurrency, Duration warmup,
            Duration duration) {
        LoadRun run = new LoadRun(requests, warmup, duration);
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Worker worker = run.new Worker(i);
            workers.add(worker);
            worker.sendNext();
        }
        ScenarioResult.Builder result = ScenarioResult.builder(name, duration);
        for (Worker worker : workers) {
            try {
                worker.done.get(warmup.plus(duration).plus(REQUEST_TIMEOUT).toSeconds() + 5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("A load worker of '" + name + "' did not finish: " + e, e);
            }
            result.add(worker.latencies, worker.statuses, worker.firstFailure);
        }
        return result.build();
    }

    /** One request in flight at a time; its fields are only touched by the callback chain of that request. */
    private final class Worker {

        private final LatencyHistogram latencies = new LatencyHistogram();
        private final long[] statuses = new long[ScenarioResult.STATUS_SLOTS];
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private int next;
        private String firstFailure;

        private Worker(int id) {
            this.next = id;
        }

        void sendNext() {
            long start = System.nanoTime();
            if (start - endNanos >= 0) {
                done.complete(null);
                return;
            }
            LoadClient.Request request = requests.get(next++ % requests.size());
            http.send(request).thenAccept(response -> {
                long finished = System.nanoTime();
                if (start - measureFromNanos >= 0 && finished - endNanos <= 0) {
                    int status = response.status();
                    latencies.record(TimeUnit.NANOSECONDS.toMicros(finished - start));
                    statuses[Math.min(status, ScenarioResult.STATUS_SLOTS - 1)]++;
                    if (firstFailure == null && ScenarioResult.isFailure(status)) {
                        firstFailure = status == 0 ? response.body()
                                : request.uri() + " -> " + status + " " + response.body();
                    }
                }
                sendNext();
            });
        }
    }

    /** The request timeout every scenario's requests should carry. */
    static Duration requestTimeout() {
        return REQUEST_TIMEOUT;
    }
}
