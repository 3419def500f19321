package io.fieldline.ingest.storage;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The writer's Prometheus meters: rows stored, points dropped (by reason), flush time and failed flushes. */
@ApplicationScoped
class WriterMetrics {

    private final MeterRegistry registry;
    private final Counter rows;
    private final Counter failures;
    private final Timer flushes;

    WriterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rows = registry.counter("fieldline.ingest.writer.rows");
        this.failures = registry.counter("fieldline.ingest.writer.failures");
        this.flushes = registry.timer("fieldline.ingest.writer.flush");
    }

    void flushed(BatchStore.Written written, long nanos) {
        rows.increment(written.rows());
        dropped("unknown_event", written.droppedUnknownEvent());
        dropped("expired", written.droppedExpired());
        flushes.record(nanos, TimeUnit.NANOSECONDS);
    }

    void dropped(String reason, int count) {
        if (count > 0) {
            registry.counter("fieldline.ingest.writer.dropped", "reason", reason).increment(count);
        }
    }

    void failed() {
        failures.increment();
    }
}
