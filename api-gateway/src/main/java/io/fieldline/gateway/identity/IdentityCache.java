package io.fieldline.gateway.identity;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgNotification;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Remembers what authenticating a credential read from the database (an access token's account, an API token with
 * its owner), so that a client's every request does not cost a query. PostgreSQL tells every replica when any of it
 * changes: triggers on tenant, app_user, api_token and revoked_access_token notify {@value #CHANNEL} at commit (V5),
 * and each notification empties the cache. An entry read before a notification is never served after it (entries
 * carry the generation they were read in), and while the listening connection is down nothing is served from the
 * cache. A replica that writes such a change answers only once every listening replica has confirmed that it emptied
 * its cache ({@link ChangeBarriers}), so when a logout answers, no replica serves the revoked token any more.
 */
@ApplicationScoped
public class IdentityCache {

    static final String CHANNEL = "fieldline_identity";
    private static final String LISTEN_ALL = "LISTEN " + CHANNEL + "; LISTEN " + ChangeBarriers.BARRIER + "; LISTEN "
            + ChangeBarriers.ACK;
    /** The listening connection's {@code application_name}, to tell it apart in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "fieldline-identity-listener";

    private static final Logger LOG = Logger.getLogger(IdentityCache.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    // A connection that hangs without closing would silently stop the notifications: a query proves it alive.
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);

    private record Entry(long generation, Object value) {
    }

    private final Vertx vertx;
    private final boolean enabled;
    private final PgConnectOptions options;
    private final Cache<Object, Entry> entries;
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong notifications = new AtomicLong();
    private final ChangeBarriers barriers;
    private volatile boolean listening;
    private volatile boolean stopped;
    private volatile PgConnection connection;

    IdentityCache(Vertx vertx,
            @ConfigProperty(name = "fieldline.identity.cache.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "fieldline.identity.cache.max-entries", defaultValue = "50000") long maxEntries,
            @ConfigProperty(name = "fieldline.identity.cache.max-age", defaultValue = "60S") Duration maxAge,
            @ConfigProperty(name = "fieldline.identity.cache.echo-timeout", defaultValue = "1S") Duration echoTimeout,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.enabled = enabled;
        this.barriers = new ChangeBarriers(vertx, echoTimeout, APPLICATION_NAME);
        this.options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                .setUser(user)
                .setPassword(password.orElse(""))
                .setTcpKeepAlive(true)
                .addProperty("application_name", APPLICATION_NAME);
        this.entries = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(maxAge).build();
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            listen();
            vertx.setPeriodic(HEARTBEAT.toMillis(), id -> heartbeat());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        PgConnection current = connection;
        if (current != null) {
            current.close();
        }
    }

    /**
     * The value cached under {@code key}, or what {@code load} finds (remembered if present and nothing changed
     * while it was read).
     */
    @SuppressWarnings("unchecked")
    public <T> Uni<Optional<T>> get(Object key, Supplier<Uni<Optional<T>>> load) {
        long current = generation.get();
        boolean cacheable = listening;
        Entry entry = cacheable ? entries.getIfPresent(key) : null;
        if (entry != null && entry.generation() == current) {
            return Uni.createFrom().item(Optional.of((T) entry.value()));
        }
        return load.get().invoke(found -> {
            if (cacheable && found.isPresent() && listening && generation.get() == current) {
                entries.put(key, new Entry(current, found.get()));
            }
        });
    }

    /**
     * {@code write} (a statement that changes what authentication reads), answering only once every listening
     * replica has emptied its cache (or {@code echo-timeout} passed), this one's included.
     */
    public <T> Uni<T> written(Uni<T> write) {
        return write.call(this::everyReplicaHeard).invoke(this::invalidate);
    }

    /** Whether the cache is in use: its connection listens for changes. */
    public boolean listening() {
        return listening;
    }

    /** How many change notifications this replica has received. */
    public long notifications() {
        return notifications.get();
    }

    // Without a listening connection this replica caches nothing and cannot send a barrier: nothing to wait for
    // (other replicas still hear the change itself).
    private Uni<Void> everyReplicaHeard() {
        PgConnection current = connection;
        return listening && current != null ? barriers.passed(current) : Uni.createFrom().voidItem();
    }

    private void received(PgNotification notification) {
        if (CHANNEL.equals(notification.getChannel())) {
            notified();
        } else {
            PgConnection current = connection;
            if (current != null) {
                barriers.received(current, notification);
            }
        }
    }

    private void invalidate() {
        generation.incrementAndGet();
        entries.invalidateAll();
    }

    private void notified() {
        invalidate();
        notifications.incrementAndGet();
    }

    private void listen() {
        if (stopped) {
            return;
        }
        PgConnection.connect(vertx, options).onSuccess(opened -> {
            opened.notificationHandler(this::received);
            opened.closeHandler(v -> lost());
            opened.query(LISTEN_ALL).execute().onSuccess(rows -> {
                connection = opened;
                // Whatever changed while no connection listened is unknown: start afresh.
                invalidate();
                listening = true;
                LOG.infof("Listening for identity changes: authentication is cached");
            }).onFailure(e -> opened.close());
        }).onFailure(e -> {
            LOG.warnf("Cannot listen for identity changes (%s); every request reads the database, retrying in %s",
                    e.getMessage(), RETRY);
            vertx.setTimer(RETRY.toMillis(), id -> listen());
        });
    }

    private void lost() {
        listening = false;
        connection = null;
        invalidate();
        if (!stopped) {
            LOG.warnf("Stopped listening for identity changes; every request reads the database, reconnecting in %s",
                    RETRY);
            vertx.setTimer(RETRY.toMillis(), id -> listen());
        }
    }

    private void heartbeat() {
        PgConnection current = connection;
        if (current == null) {
            return;
        }
        long timer = vertx.setTimer(HEARTBEAT_TIMEOUT.toMillis(), id -> current.close());
        current.query("SELECT 1").execute().onComplete(result -> {
            vertx.cancelTimer(timer);
            if (result.failed()) {
                current.close();
            }
        });
    }
}
