package io.fieldline.support.changes;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgNotification;
import org.jboss.logging.Logger;

/**
 * Keeps a connection that listens on one PostgreSQL notification channel, for a cache of what the database holds:
 * triggers notify the channel at commit when anything cached may have changed, and every notification calls
 * {@code onChange} (the cache empties itself) and advances the {@link #generation()}. A cache remembers what it read
 * together with the generation it was read in and serves it only while that is still current and the connection
 * {@link #listening()}: whatever changed while nobody listened is unknown. A replica that makes such a change answers
 * through {@link #written}, only once every listening replica has handled the change's notification
 * ({@link ChangeBarriers}).
 */
public final class ChangeListener {

    private static final Logger LOG = Logger.getLogger(ChangeListener.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    // A connection that hangs without closing would silently stop the notifications: a query proves it alive.
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final String channel;
    private final String what;
    private final PgConnectOptions options;
    private final Runnable onChange;
    private final ChangeBarriers barriers;
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong notifications = new AtomicLong();
    private volatile boolean listening;
    private volatile boolean stopped;
    private volatile PgConnection connection;
    private long heartbeatTimer = -1;

    /** Made by {@link ChangeListeners#create}, which says what the parameters are. */
    ChangeListener(Vertx vertx, PgConnectOptions database, String channel, Duration echoTimeout, String what,
            Runnable onChange) {
        this.vertx = vertx;
        this.options = database;
        this.channel = channel;
        this.what = what;
        this.onChange = onChange;
        this.barriers = new ChangeBarriers(vertx, channel, echoTimeout,
                database.getProperties().get("application_name"), what);
    }

    /** Starts listening (and retrying while the database is unreachable). */
    public void start() {
        listen();
        heartbeatTimer = vertx.setPeriodic(HEARTBEAT.toMillis(), id -> heartbeat());
    }

    /** Stops listening for good. */
    public void stop() {
        stopped = true;
        vertx.cancelTimer(heartbeatTimer);
        PgConnection current = connection;
        if (current != null) {
            current.close();
        }
    }

    /** Whether the connection listens: only then may a cache serve what it read. */
    public boolean listening() {
        return listening;
    }

    /** Advances on every change this replica heard of or made, and whenever listening started or stopped. */
    public long generation() {
        return generation.get();
    }

    /** How many change notifications this replica has received. */
    public long notifications() {
        return notifications.get();
    }

    /**
     * {@code write} (a statement that changes what is cached), answering only once every listening replica has
     * emptied its cache (or the echo timeout passed), this one's included.
     */
    public <T> Uni<T> written(Uni<T> write) {
        return write.call(this::everyReplicaHeard).invoke(this::changed);
    }

    // Without a listening connection this replica caches nothing and cannot send a barrier: nothing to wait for
    // (other replicas still hear the change itself).
    private Uni<Void> everyReplicaHeard() {
        PgConnection current = connection;
        return listening && current != null ? barriers.passed(current) : Uni.createFrom().voidItem();
    }

    private void received(PgNotification notification) {
        if (channel.equals(notification.getChannel())) {
            changed();
            notifications.incrementAndGet();
        } else {
            PgConnection current = connection;
            if (current != null) {
                barriers.received(current, notification);
            }
        }
    }

    private void changed() {
        generation.incrementAndGet();
        onChange.run();
    }

    private void listen() {
        if (stopped) {
            return;
        }
        PgConnection.connect(vertx, options).onSuccess(opened -> {
            opened.notificationHandler(this::received);
            opened.closeHandler(v -> lost());
            String listenAll = "LISTEN " + channel + "; LISTEN " + barriers.barrierChannel + "; LISTEN "
                    + barriers.ackChannel;
            opened.query(listenAll).execute().onSuccess(rows -> {
                connection = opened;
                // Whatever changed while no connection listened is unknown: start afresh.
                changed();
                listening = true;
                LOG.infof("Listening for changes of %s: what is read of it is cached", what);
            }).onFailure(e -> opened.close());
        }).onFailure(e -> {
            LOG.warnf("Cannot listen for changes of %s (%s); every request reads the database, retrying in %s", what,
                    e.getMessage(), RETRY);
            vertx.setTimer(RETRY.toMillis(), id -> listen());
        });
    }

    private void lost() {
        listening = false;
        connection = null;
        changed();
        if (!stopped) {
            LOG.warnf("Stopped listening for changes of %s; every request reads the database, reconnecting in %s",
                    what, RETRY);
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
