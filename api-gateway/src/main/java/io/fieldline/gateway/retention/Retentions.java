package io.fieldline.gateway.retention;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.gateway.audit.store.AuditEventStore;
import io.fieldline.gateway.logging.store.LogEntryStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gateway's tables that grow with use and are kept for a while only: the audit trail
 * ({@code fieldline.audit.retention}, 365 days) and seed 000's log ({@code fieldline.logging.retention}, 90 days,
 * entries read or not). Each is purged every {@code purge-interval} (see {@link RetentionPurge}).
 */
@ApplicationScoped
public class Retentions {

    private final RetentionPurge audit;
    private final RetentionPurge log;

    Retentions(Vertx vertx, AuditEventStore auditEvents, LogEntryStore logEntries,
            @ConfigProperty(name = "fieldline.audit.retention", defaultValue = "365D") Duration auditRetention,
            @ConfigProperty(name = "fieldline.audit.purge-interval", defaultValue = "1H") Duration auditInterval,
            @ConfigProperty(name = "fieldline.audit.purge-batch-size", defaultValue = "10000") int auditBatch,
            @ConfigProperty(name = "fieldline.logging.retention", defaultValue = "90D") Duration logRetention,
            @ConfigProperty(name = "fieldline.logging.purge-interval", defaultValue = "1H") Duration logInterval,
            @ConfigProperty(name = "fieldline.logging.purge-batch-size", defaultValue = "10000") int logBatch) {
        this.audit = new RetentionPurge("audit events", auditEvents::deleteOlderThan,
                new RetentionPurge.Settings(auditRetention, auditInterval, auditBatch), vertx);
        this.log = new RetentionPurge("log entries", logEntries::deleteOlderThan,
                new RetentionPurge.Settings(logRetention, logInterval, logBatch), vertx);
    }

    void start(@Observes StartupEvent event) {
        audit.start();
        log.start();
    }

    void stop(@Observes ShutdownEvent event) {
        audit.stop();
        log.stop();
    }

    /** Deletes the audit events older than their retention now; answers how many (0 while a purge runs already). */
    public Uni<Long> purgeAudit() {
        return audit.purge();
    }

    /** Deletes the log entries older than their retention now; answers how many (0 while a purge runs already). */
    public Uni<Long> purgeLog() {
        return log.purge();
    }
}
