package io.fieldline.gateway.audit;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.gateway.audit.store.AuditEventStore;
import io.fieldline.gateway.retention.RetentionPurge;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the audit trail from growing without bound: events older than {@code fieldline.audit.retention} are deleted
 * every {@code purge-interval} (see {@link RetentionPurge}).
 */
@ApplicationScoped
public class AuditRetention {

    private final RetentionPurge purge;

    AuditRetention(Vertx vertx, AuditEventStore store,
            @ConfigProperty(name = "fieldline.audit.retention", defaultValue = "365D") Duration retention,
            @ConfigProperty(name = "fieldline.audit.purge-interval", defaultValue = "1H") Duration interval,
            @ConfigProperty(name = "fieldline.audit.purge-batch-size", defaultValue = "10000") int batchSize) {
        this.purge = new RetentionPurge("audit events", store::deleteOlderThan,
                new RetentionPurge.Settings(retention, interval, batchSize), vertx);
    }

    void start(@Observes StartupEvent event) {
        purge.start();
    }

    void stop(@Observes ShutdownEvent event) {
        purge.stop();
    }

    /** Deletes every event older than the retention now; answers how many (0 while a purge is already running). */
    public Uni<Long> purge() {
        return purge.purge();
    }
}
