package io.fieldline.ingest.intake.store;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.github.benmanes.caffeine.cache.Cache;
import io.fieldline.ingest.IngestConfig;
import io.fieldline.ingest.intake.store.IntakeLookup.TenantView;
import io.fieldline.model.TenantId;
import io.fieldline.support.changes.ChangeListener;
import io.fieldline.support.changes.ChangeListeners;
import io.fieldline.support.reactive.InlineCaches;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Remembers, per tenant, the event ids the database confirmed and the experiment it runs, so that a replica's every
 * datapoint request does not cost a database round trip (with many single datapoints in flight, those queued for the
 * connection pool and halved the rate).
 * Triggers on event and experiment notify {@value #CHANNEL} at commit (V7) and every notification empties the memory
 * ({@link ChangeListener}); what was read before a notification is never served after it, and nothing is served while
 * the listening connection is down. A change of events or experiments answers through {@link #written}: only once
 * every ingest replica has emptied its memory, so a datapoint sent after an experiment started is tagged with it, and
 * one sent after its event was deleted is refused, whichever replica takes it. Unknown ids are not remembered (they
 * are looked up every time), so a new event needs no notification.
 */
@ApplicationScoped
public class IntakeCache {

    static final String CHANNEL = "fieldline_intake";
    /** The listening connection's {@code application_name}, to tell it apart in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "fieldline-intake-listener";

    /** What a tenant's lookups found since the generation began; {@code eventIds} only grows. */
    private record Known(long generation, String runningExperimentId, Set<String> eventIds) {
    }

    private final boolean enabled;
    private final Cache<TenantId, Known> tenants;
    private final ChangeListener changes;

    IntakeCache(ChangeListeners listeners, IngestConfig config) {
        IngestConfig.Cache settings = config.intake().cache();
        this.enabled = settings.enabled();
        this.tenants = InlineCaches.builder().maximumWeight(settings.maxEvents())
                .<TenantId, Known>weigher((tenant, known) -> known.eventIds().size() + 1).build();
        this.changes = listeners.create(CHANNEL, APPLICATION_NAME, settings.echoTimeout(), "events and experiments",
                tenants::invalidateAll);
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            changes.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        changes.stop();
    }

    /** The current generation, to be given back to {@link #remember} with what a lookup started now found. */
    long generation() {
        return changes.generation();
    }

    /** What is remembered of {@code tenant}, if it covers every one of {@code eventIds}; else null. */
    TenantView recall(TenantId tenant, String[] eventIds) {
        if (!changes.listening()) {
            return null;
        }
        Known known = tenants.getIfPresent(tenant);
        if (known == null || known.generation() != changes.generation()) {
            return null;
        }
        for (String id : eventIds) {
            if (!known.eventIds().contains(id)) {
                return null;
            }
        }
        // A superset of the requested ids: the intake only asks whether an id is among them.
        return new TenantView(known.eventIds(), known.runningExperimentId());
    }

    /** Remembers what a lookup started in {@code generation} found, unless anything changed since. */
    void remember(TenantId tenant, TenantView found, long generation) {
        if (!changes.listening() || changes.generation() != generation || found.knownEventIds().isEmpty()) {
            return;
        }
        Known known = tenants.asMap().compute(tenant, (id, current) -> current != null
                && current.generation() == generation
                && Objects.equals(current.runningExperimentId(), found.runningExperimentId())
                        ? current
                        : new Known(generation, found.runningExperimentId(), ConcurrentHashMap.newKeySet()));
        if (known.eventIds().addAll(found.knownEventIds())) {
            tenants.put(tenant, known); // weighed again with its new size
        }
    }

    /**
     * {@code write} (a statement that changes events or experiments), answering only once every listening replica has
     * emptied its memory (or {@code fieldline.ingest.intake.cache.echo-timeout} passed), this one's included.
     */
    public <T> Uni<T> written(Uni<T> write) {
        return changes.written(write);
    }

    /** Whether lookups are remembered: the connection listens for changes. */
    public boolean listening() {
        return changes.listening();
    }

    /** How many change notifications this replica has received. */
    public long notifications() {
        return changes.notifications();
    }
}
