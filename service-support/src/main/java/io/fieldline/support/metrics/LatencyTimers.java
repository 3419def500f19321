package io.fieldline.support.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Timers of pipeline latencies, published with a histogram so dashboards and benchmarks can read percentiles. */
public final class LatencyTimers {

    private LatencyTimers() {
    }

    /** A timer of latencies between a millisecond and a minute, with its histogram buckets. */
    public static Timer register(String name, String description, MeterRegistry registry) {
        return Timer.builder(name)
                .description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
    }
}
