package io.fieldline.gateway.token.service;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.gateway.token.TokensConfig;
import io.fieldline.gateway.token.store.TokenCredentials;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

/**
 * Keeps {@code api_token.last_used_at} without a database write per request: uses are recorded in a bounded map
 * (token id → latest use) and written in one UPDATE every {@code fieldline.tokens.last-used-flush-interval}, and
 * once more at shutdown. A failed write puts its uses back for the next flush.
 */
@ApplicationScoped
public class LastUsedRecorder {

    private static final Logger LOG = Logger.getLogger(LastUsedRecorder.class);
    private static final Duration SHUTDOWN_FLUSH_TIMEOUT = Duration.ofSeconds(5);

    private final Map<Long, Instant> pending = new ConcurrentHashMap<>();
    private final TokenCredentials credentials;
    private final Vertx vertx;
    private final Duration interval;
    private final int maxPending;
    // Flushes run one after another, so a flush that completes has written every use recorded before it began.
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private long timer = -1;

    LastUsedRecorder(TokenCredentials credentials, Vertx vertx, TokensConfig config) {
        this.credentials = credentials;
        this.vertx = vertx;
        this.interval = config.lastUsedFlushInterval();
        this.maxPending = config.lastUsedMaxPending();
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(interval.toMillis(), id -> flushUnlessRunning());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
        try {
            flush().await().atMost(SHUTDOWN_FLUSH_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warnf("Last uses of %d API tokens were not written at shutdown: %s", pending.size(), e.getMessage());
        }
    }

    /** Notes that a token was used; when the map is full, starts a flush and lets this use go unrecorded. */
    public void record(long tokenId, Instant usedAt) {
        if (pending.size() >= maxPending && !pending.containsKey(tokenId)) {
            flushUnlessRunning();
            return;
        }
        pending.merge(tokenId, usedAt, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Writes every recorded use; completes once they (and any flush already running) are written. */
    Uni<Void> flush() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = tail.handle((ok, failure) -> null)
                    .thenCompose(ignored -> write().subscribeAsCompletionStage());
            tail = next;
        }
        return Uni.createFrom().completionStage(next);
    }

    private void flushUnlessRunning() {
        synchronized (this) {
            if (!tail.isDone()) {
                return;
            }
        }
        flush().subscribe().with(done -> {
        }, failure -> LOG.warnf("Writing last uses of API tokens failed, retrying at the next flush: %s",
                failure.getMessage()));
    }

    private Uni<Void> write() {
        Map<Long, Instant> batch = new HashMap<>();
        for (Long id : pending.keySet()) {
            Instant usedAt = pending.remove(id);
            if (usedAt != null) {
                batch.put(id, usedAt);
            }
        }
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return credentials.touch(batch).onFailure().invoke(failure -> batch.forEach(this::record));
    }
}
