package io.fieldline.rules.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.model.TenantId;
import io.fieldline.rules.RulesConfig;
import io.fieldline.rules.rule.store.RuleStore;
import io.fieldline.rules.rule.store.StoredRule;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import org.jboss.logging.Logger;

/**
 * The enabled rules of every tenant, indexed by event, as the engine evaluates them. Loaded at start, then every
 * {@code fieldline.rules.rule-poll-interval} the rules changed since the last poll are re-read (deleted and disabled
 * ones drop out), so a change made through any replica takes effect everywhere within about that interval; a change
 * made through this replica is applied at once by the rule service.
 */
@ApplicationScoped
public class RuleCache {

    private static final Logger LOG = Logger.getLogger(RuleCache.class);
    // Re-read a few seconds before the watermark: a transaction's updated_on is its start time, so a long write can
    // commit with a timestamp older than the last poll. Re-applying a rule is harmless.
    private static final Duration OVERLAP = Duration.ofSeconds(5);

    private final RuleStore store;
    private final Vertx vertx;
    private final RulesConfig config;
    private final Map<Long, StoredRule> byId = new ConcurrentHashMap<>();
    private final Map<String, List<StoredRule>> byEvent = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile Instant watermark;
    private long timer = -1;

    RuleCache(RuleStore store, Vertx vertx, RulesConfig config) {
        this.store = store;
        this.vertx = vertx;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.rulePollInterval().toMillis(), id -> poll());
        poll();
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** Completes once every rule was loaded (the engine waits for it before evaluating anything). */
    public Uni<Void> ready() {
        return Uni.createFrom().completionStage(loaded);
    }

    /** The enabled rules of the tenant's event (an empty list for an unknown or deleted event). */
    public List<StoredRule> rulesFor(TenantId tenant, String eventPublicId) {
        return byEvent.getOrDefault(key(tenant, eventPublicId), List.of());
    }

    /** Like {@link #rulesFor}, by a datapoints record key ({@code <tenant>/<event>}, RecordKeys.datapoints). */
    public List<StoredRule> rulesForRecordKey(String recordKey) {
        return byEvent.getOrDefault(recordKey, List.of());
    }

    /** The enabled rule with that internal id, or null. */
    public StoredRule rule(long id) {
        return byId.get(id);
    }

    /** The enabled rules of the given kind. */
    public List<StoredRule> rulesOfKind(String kind) {
        return byId.values().stream().filter(r -> kind.equals(r.kind())).toList();
    }

    /** Takes a rule as written (or deleted) into account; returns it. */
    public synchronized StoredRule apply(StoredRule rule) {
        StoredRule previous = rule.active() ? byId.put(rule.id(), rule) : byId.remove(rule.id());
        if (previous != null) {
            remove(previous);
        }
        if (rule.active()) {
            String key = key(rule.tenant(), rule.eventPublicId());
            List<StoredRule> list = new ArrayList<>(byEvent.getOrDefault(key, List.of()));
            list.add(rule);
            byEvent.put(key, List.copyOf(list));
        }
        return rule;
    }

    private void remove(StoredRule rule) {
        String key = key(rule.tenant(), rule.eventPublicId());
        List<StoredRule> list = new ArrayList<>(byEvent.getOrDefault(key, List.of()));
        list.removeIf(r -> r.id() == rule.id());
        if (list.isEmpty()) {
            byEvent.remove(key);
        } else {
            byEvent.put(key, List.copyOf(list));
        }
    }

    private void poll() {
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        Instant since = watermark;
        store.databaseNow()
                .flatMap(now -> (since == null ? store.allActive() : store.changedSince(since.minus(OVERLAP)))
                        .invoke(rules -> {
                            rules.forEach(this::applyIfNewer);
                            watermark = now;
                            if (!loaded.isDone()) {
                                LOG.infof("Rule cache loaded: %d enabled rules", byId.size());
                                loaded.complete(null);
                            }
                        }))
                .subscribe().with(ok -> polling.set(false), e -> {
                    polling.set(false);
                    LOG.debugf("Rule poll failed (retrying): %s", e.toString());
                });
    }

    // A poll may read a row older than what this replica's own write already applied.
    private synchronized void applyIfNewer(StoredRule rule) {
        StoredRule known = byId.get(rule.id());
        if (known == null || !known.updatedOn().isAfter(rule.updatedOn())) {
            apply(rule);
        }
    }

    private static String key(TenantId tenant, String eventPublicId) {
        return tenant.value() + "/" + eventPublicId;
    }
}
