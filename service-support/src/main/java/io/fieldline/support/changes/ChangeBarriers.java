package io.fieldline.support.changes;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgNotification;
import io.vertx.sqlclient.Tuple;
import org.jboss.logging.Logger;

/**
 * Lets a replica that made a change wait until every listening replica has handled the change's notification. It
 * notifies a barrier on {@code <channel>_barrier}; PostgreSQL delivers notifications to each listener in commit order,
 * so a listener reaches the barrier only after the change, and then acknowledges it on {@code <channel>_ack}. The
 * barrier passes once as many acknowledgements arrived as {@code pg_stat_activity} counted listeners, or after the
 * timeout.
 */
final class ChangeBarriers {

    private static final Logger LOG = Logger.getLogger(ChangeBarriers.class);

    final String barrierChannel;
    final String ackChannel;
    // Sends the barrier and counts the listeners that will acknowledge it (this database's, every replica's).
    private final String sendBarrier;
    private final String sendAck;
    private final Vertx vertx;
    private final Duration timeout;
    private final String listenerName;
    private final String what;
    // Barriers this replica sent, by id.
    private final Map<String, Barrier> sent = new ConcurrentHashMap<>();

    ChangeBarriers(Vertx vertx, String channel, Duration timeout, String listenerName, String what) {
        this.barrierChannel = channel + "_barrier";
        this.ackChannel = channel + "_ack";
        this.sendBarrier = "SELECT pg_notify('" + barrierChannel + "', $1), (SELECT count(*) FROM pg_stat_activity"
                + " WHERE application_name = $2 AND datname = current_database())";
        this.sendAck = "SELECT pg_notify('" + ackChannel + "', $1)";
        this.vertx = vertx;
        this.timeout = timeout;
        this.listenerName = listenerName;
        this.what = what;
    }

    /** Sends a barrier through {@code listener}; completes, on the caller's context, once it passed. */
    Uni<Void> passed(PgConnection listener) {
        String id = UUID.randomUUID().toString();
        Barrier barrier = new Barrier();
        sent.put(id, barrier);
        return Uni.createFrom().<Void>emitter(emitter -> {
            Context context = vertx.getOrCreateContext();
            long timer = vertx.setTimer(timeout.toMillis(), t -> {
                LOG.warnf("Not every replica confirmed a change of %s within %s; answering anyway", what, timeout);
                emitter.complete(null);
            });
            barrier.done.thenRun(() -> context.runOnContext(v -> {
                vertx.cancelTimer(timer);
                emitter.complete(null);
            }));
            listener.preparedQuery(sendBarrier).execute(Tuple.of(id, listenerName))
                    .onSuccess(rows -> barrier.expect(rows.iterator().next().getLong(1)))
                    .onFailure(e -> {
                        LOG.warnf("Cannot send a barrier after a change of %s (%s); answering without it", what,
                                e.getMessage());
                        barrier.done.complete(null);
                    });
        }).eventually(() -> sent.remove(id));
    }

    /** Handles a notification on the barrier or acknowledgement channel that {@code listener} received. */
    void received(PgConnection listener, PgNotification notification) {
        if (barrierChannel.equals(notification.getChannel())) {
            // Every notification before the barrier has been handled (they come in commit order, and handling one
            // is synchronous): acknowledge.
            listener.preparedQuery(sendAck).execute(Tuple.of(notification.getPayload()));
        } else if (ackChannel.equals(notification.getChannel())) {
            Barrier barrier = sent.get(notification.getPayload());
            if (barrier != null) {
                barrier.acknowledged();
            }
        }
    }

    /** A barrier sent and the acknowledgements it waits for; {@link #done} completes when none is missing. */
    private static final class Barrier {

        final CompletableFuture<Void> done = new CompletableFuture<>();
        private long acknowledged;
        private long expected = -1; // unknown until the barrier's query answers (acknowledgements may come first)

        synchronized void expect(long listeners) {
            expected = listeners;
            completeIfDone();
        }

        synchronized void acknowledged() {
            acknowledged++;
            completeIfDone();
        }

        private void completeIfDone() {
            if (expected >= 0 && acknowledged >= expected) {
                done.complete(null);
            }
        }
    }
}
