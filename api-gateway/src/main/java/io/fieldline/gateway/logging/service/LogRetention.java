package io.fieldline.gateway.logging.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.gateway.logging.store.LogEntryStore;
import io.fieldline.gateway.retention.RetentionPurge;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps seed 000's log (logins, experiments started and stopped, entries clients made) from growing without bound:
 * entries older than {@code fieldline.logging.retention}, read or not, are deleted every {@code purge-interval} (see
 * {@link RetentionPurge}).
 */
@ApplicationScoped
public class LogRetention {

    private final RetentionPurge purge;

    LogRetention(Vertx vertx, LogEntryStore store,
            @ConfigProperty(name = "fieldline.logging.retention", defaultValue = "90D") Duration retention,
            @ConfigProperty(name = "fieldline.logging.purge-interval", defaultValue = "1H") Duration interval,
            @ConfigProperty(name = "fieldline.logging.purge-batch-size", defaultValue = "10000") int batchSize) {
        this.purge = new RetentionPurge("log entries", store::deleteOlderThan,
                new RetentionPurge.Settings(retention, interval, batchSize), vertx);
    }

    void start(@Observes StartupEvent event) {
        purge.start();
    }

    void stop(@Observes ShutdownEvent event) {
        purge.stop();
    }

    /** Deletes every entry older than the retention now; answers how many (0 while a purge is already running). */
    public Uni<Long> purge() {
        return purge.purge();
    }
}
