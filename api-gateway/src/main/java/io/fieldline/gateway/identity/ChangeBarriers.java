package io.fieldline.gateway.identity;

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
 * Lets a replica that changed identity wait until every listening replica has handled the change's notification.
 * It notifies a barrier on {@value #BARRIER}; PostgreSQL delivers notifications to each listener in commit order, so
 * a listener reaches the barrier only after the change, and then acknowledges it on {@value #ACK}. The barrier passes
 * once as many acknowledgements arrived as {@code pg_stat_activity} counted listeners, or after the timeout.
 */
final class ChangeBarriers {

    static final String BARRIER = "fieldline_identity_barrier";
    static final String ACK = "fieldline_identity_ack";

    private static final Logger LOG = Logger.getLogger(ChangeBarriers.class);
    // Sends the barrier and counts the listeners that will acknowledge it (this database's, every replica's).
    private static final String SEND_BARRIER = "SELECT pg_notify('" + BARRIER + "', $1), (SELECT count(*) FROM"
            + " pg_stat_activity WHERE application_name = $2 AND datname = current_database())";
    private static final String SEND_ACK = "SELECT pg_notify('" + ACK + "', $1)";

    private final Vertx vertx;
    private final Duration timeout;
    private final String listenerName;
    // Barriers this replica sent, by id.
    private final Map<String, Barrier> sent = new ConcurrentHashMap<>();

    ChangeBarriers(Vertx vertx, Duration timeout, String listenerName) {
        this.vertx = vertx;
        this.timeout = timeout;
        this.listenerName = listenerName;
    }

    /** Sends a barrier through {@code listener}; completes, on the caller's context, once it passed. */
    Uni<Void> passed(PgConnection listener) {
        String id = UUID.randomUUID().toString();
        Barrier barrier = new Barrier();
        sent.put(id, barrier);
        return Uni.createFrom().<Void>emitter(emitter -> {
            Context context = vertx.getOrCreateContext();
            long timer = vertx.setTimer(timeout.toMillis(), t -> {
                LOG.warnf("Not every gateway replica confirmed an identity change within %s; answering anyway",
                        timeout);
                emitter.complete(null);
            });
            barrier.done.thenRun(() -> context.runOnContext(v -> {
                vertx.cancelTimer(timer);
                emitter.complete(null);
            }));
            listener.preparedQuery(SEND_BARRIER).execute(Tuple.of(id, listenerName))
                    .onSuccess(rows -> barrier.expect(rows.iterator().next().getLong(1)))
                    .onFailure(e -> {
                        LOG.warnf("Cannot send an identity change barrier (%s); answering without it",
                                e.getMessage());
                        barrier.done.complete(null);
                    });
        }).eventually(() -> sent.remove(id));
    }

    /** Handles a notification on {@value #BARRIER} or {@value #ACK} that {@code listener} received. */
    void received(PgConnection listener, PgNotification notification) {
        if (BARRIER.equals(notification.getChannel())) {
            // Every notification before the barrier has been handled (they come in commit order, and handling one
            // is synchronous): acknowledge.
            listener.preparedQuery(SEND_ACK).execute(Tuple.of(notification.getPayload()));
        } else if (ACK.equals(notification.getChannel())) {
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
