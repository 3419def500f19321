package io.fieldline.gateway.audit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.gateway.audit.store.AuditEventStore;
import io.fieldline.gateway.audit.store.AuditEventStore.NewEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The gateway's audit trail. {@link #record} never blocks: records go to a bounded queue that a background writer
 * stores in batches; when the queue is full a record is dropped and counted ({@code fieldline_audit_dropped_total}).
 * What is queued at shutdown is written before the gateway stops.
 */
@Startup
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final AuditEventStore store;
    private final MeterRegistry registry;
    private final int capacity;
    private final int batchSize;
    private final Duration flushInterval;
    private final Duration writeTimeout;
    private final Duration shutdownTimeout;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final Map<String, Counter> dropCounters = new ConcurrentHashMap<>();
    private AuditBuffer buffer;

    AuditTrail(AuditEventStore store, MeterRegistry registry,
            @ConfigProperty(name = "fieldline.audit.queue-capacity", defaultValue = "10000") int capacity,
            @ConfigProperty(name = "fieldline.audit.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "fieldline.audit.flush-interval", defaultValue = "200ms") Duration flushInterval,
            @ConfigProperty(name = "fieldline.audit.write-timeout", defaultValue = "10s") Duration writeTimeout,
            @ConfigProperty(name = "fieldline.audit.shutdown-timeout", defaultValue = "5s") Duration shutdownTimeout) {
        this.store = store;
        this.registry = registry;
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.flushInterval = flushInterval;
        this.writeTimeout = writeTimeout;
        this.shutdownTimeout = shutdownTimeout;
    }

    @PostConstruct
    void start() {
        // Registered up front so the counters exist (at 0) for dashboards and alerts before anything is lost.
        for (String reason : List.of(AuditBuffer.QUEUE_FULL, AuditBuffer.WRITE_FAILED)) {
            dropCounters.put(reason, Counter.builder("fieldline.audit.dropped")
                    .description("Audit records lost: the queue was full, or they could not be written")
                    .tag("reason", reason)
                    .register(registry));
        }
        buffer = new AuditBuffer(capacity, batchSize, flushInterval, this::write, this::dropped);
    }

    void stop(@Observes ShutdownEvent event) {
        buffer.close(shutdownTimeout);
    }

    /** Queues a record for writing; returns at once, dropping the record if the queue is full. */
    public void record(AuditRecord record) {
        buffer.offer(record);
    }

    // Runs on the buffer's own thread, so waiting for the database here blocks no event loop.
    private void write(List<AuditBuffer.Entry> batch) {
        List<NewEvent> events = batch.stream().map(entry -> {
            AuditRecord r = entry.record();
            return new NewEvent(r.tenantRowId(), r.actor(), r.credentialKind(), r.action(), r.target(), r.outcome(),
                    r.clientIp(), r.requestId(), entry.occurredAt());
        }).toList();
        store.insert(events).await().atMost(writeTimeout);
    }

    private void dropped(String reason, int count) {
        dropCounters.get(reason).increment(count);
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warnf("Audit records are being dropped (%s); see fieldline_audit_dropped_total", reason);
        }
    }
}
