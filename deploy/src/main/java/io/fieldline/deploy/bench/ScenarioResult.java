package io.fieldline.deploy.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The measured part of one scenario: latencies, status counts (slot 0: no answer at all) and the first failure.
 *
 * @param name the scenario as printed
 * @param latencies every measured request's latency
 * @param statuses how many answers had each status, by status code; slot 0 counts requests without an answer
 * @param measured how long the measurement ran
 * @param firstFailure the first 401, 5xx or unanswered request, described; null when there was none
 */
record ScenarioResult(String name, LatencyHistogram latencies, long[] statuses, Duration measured,
        String firstFailure) {

    static final int STATUS_SLOTS = 600;

    /** A refused credential, a server error or no answer: the load did not take the intended path. */
    static boolean isFailure(int status) {
        return status == 0 || status == 401 || status >= 500;
    }

    long requests() {
        return latencies.count();
    }

    double throughput() {
        return requests() / (measured.toNanos() / 1e9);
    }

    double percentileMillis(double percentile) {
        return latencies.percentileMicros(percentile) / 1e3;
    }

    double maxMillis() {
        return latencies.maxMicros() / 1e3;
    }

    long count(int status) {
        return statuses[status];
    }

    /** How many measured requests failed (see {@link #isFailure}). */
    long failures() {
        long failures = 0;
        for (int status = 0; status < STATUS_SLOTS; status++) {
            if (isFailure(status)) {
                failures += statuses[status];
            }
        }
        return failures;
    }

    /** The statuses seen, e.g. {@code 404×12345 200×2}; {@code none×3} for requests without an answer. */
    String describeStatuses() {
        List<String> parts = new ArrayList<>();
        for (int status = 0; status < STATUS_SLOTS; status++) {
            if (statuses[status] > 0) {
                parts.add((status == 0 ? "none" : Integer.toString(status)) + "×" + statuses[status]);
            }
        }
        return parts.isEmpty() ? "-" : String.join(" ", parts);
    }

    /** One result of the slices of a scenario measured in turns with others: their requests over their time. */
    static ScenarioResult merge(String name, List<ScenarioResult> slices) {
        Builder merged = new Builder(name, slices.stream().map(ScenarioResult::measured).reduce(Duration.ZERO,
                Duration::plus));
        slices.forEach(slice -> merged.add(slice.latencies, slice.statuses, slice.firstFailure));
        return merged.build();
    }

    static Builder builder(String name, Duration measured) {
        return new Builder(name, measured);
    }

    /** Merges the workers' recordings. */
    static final class Builder {

        private final String name;
        private final Duration measured;
        private final LatencyHistogram latencies = new LatencyHistogram();
        private final long[] statuses = new long[STATUS_SLOTS];
        private String firstFailure;

        private Builder(String name, Duration measured) {
            this.name = name;
            this.measured = measured;
        }

        void add(LatencyHistogram workerLatencies, long[] workerStatuses, String workerFailure) {
            latencies.add(workerLatencies);
            for (int i = 0; i < STATUS_SLOTS; i++) {
                statuses[i] += workerStatuses[i];
            }
            if (firstFailure == null) {
                firstFailure = workerFailure;
            }
        }

        ScenarioResult build() {
            return new ScenarioResult(name, latencies, statuses, measured, firstFailure);
        }
    }
}
