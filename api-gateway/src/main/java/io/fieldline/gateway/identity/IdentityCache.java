package io.fieldline.gateway.identity;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.github.benmanes.caffeine.cache.Cache;
import io.fieldline.support.changes.ChangeListener;
import io.fieldline.support.changes.ChangeListeners;
import io.fieldline.support.reactive.InlineCaches;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Remembers what authenticating a credential read from the database (an access token's account, an API token with
 * its owner), so that a client's every request does not cost a query. PostgreSQL tells every replica when any of it
 * changes: triggers on tenant, app_user, api_token and revoked_access_token notify {@value #CHANNEL} at commit (V5),
 * and each notification empties the cache ({@link ChangeListener}). An entry read before a notification is never
 * served after it (entries carry the generation they were read in), and while the listening connection is down
 * nothing is served from the cache. A replica that writes such a change answers only once every listening replica
 * has confirmed that it emptied its cache, so when a logout answers, no replica serves the revoked token any more.
 */
@ApplicationScoped
public class IdentityCache {

    static final String CHANNEL = "fieldline_identity";
    /** The listening connection's {@code application_name}, to tell it apart in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "fieldline-identity-listener";

    private record Entry(long generation, Object value) {
    }

    private final boolean enabled;
    private final Cache<Object, Entry> entries;
    private final ChangeListener changes;

    IdentityCache(ChangeListeners listeners,
            @ConfigProperty(name = "fieldline.identity.cache.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "fieldline.identity.cache.max-entries", defaultValue = "50000") long maxEntries,
            @ConfigProperty(name = "fieldline.identity.cache.max-age", defaultValue = "60S") Duration maxAge,
            @ConfigProperty(name = "fieldline.identity.cache.echo-timeout", defaultValue = "1S") Duration echoTimeout) {
        this.enabled = enabled;
        this.entries = InlineCaches.builder().maximumSize(maxEntries).expireAfterWrite(maxAge).build();
        this.changes = listeners.create(CHANNEL, APPLICATION_NAME, echoTimeout, "identity", entries::invalidateAll);
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            changes.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        changes.stop();
    }

    /**
     * The value cached under {@code key}, or what {@code load} finds (remembered if present and nothing changed
     * while it was read).
     */
    @SuppressWarnings("unchecked")
    public <T> Uni<Optional<T>> get(Object key, Supplier<Uni<Optional<T>>> load) {
        long current = changes.generation();
        boolean cacheable = changes.listening();
        Entry entry = cacheable ? entries.getIfPresent(key) : null;
        if (entry != null && entry.generation() == current) {
            return Uni.createFrom().item(Optional.of((T) entry.value()));
        }
        return load.get().invoke(found -> {
            if (cacheable && found.isPresent() && changes.listening() && changes.generation() == current) {
                entries.put(key, new Entry(current, found.get()));
            }
        });
    }

    /**
     * {@code write} (a statement that changes what authentication reads), answering only once every listening
     * replica has emptied its cache (or {@code echo-timeout} passed), this one's included.
     */
    public <T> Uni<T> written(Uni<T> write) {
        return changes.written(write);
    }

    /** Whether the cache is in use: its connection listens for changes. */
    public boolean listening() {
        return changes.listening();
    }

    /** How many change notifications this replica has received. */
    public long notifications() {
        return changes.notifications();
    }
}
