package io.fieldline.rules.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.model.Datapoint;
import io.fieldline.model.DatapointsReceived;
import io.fieldline.model.IncidentTransition;
import io.fieldline.model.IncidentTransitioned;
import io.fieldline.model.ModelJson;
import io.fieldline.model.PublicIds;
import io.fieldline.rules.RulesConfig;
import io.fieldline.rules.incident.service.OutboxRelay;
import io.fieldline.rules.rule.store.StoredRule;
import io.fieldline.support.metrics.LatencyTimers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * Evaluates datapoints against the rules of their event, in partition order, and keeps each rule's state. State
 * lives in memory for the partitions this replica consumes and is written to PostgreSQL with every batch together
 * with the partition's position, so a restart or a rebalance resumes from exactly the last committed decision: no
 * incident is raised twice and no cooldown is forgotten. All work runs through one {@link SerialQueue}.
 */
@ApplicationScoped
public class Engine {

    private static final Logger LOG = Logger.getLogger(Engine.class);
    private static final Logger ACTION_LOG = Logger.getLogger("io.fieldline.rules.action");
    private static final ObjectMapper JSON = ModelJson.newMapper();
    private static final int MAX_REPLAYS = 3;

    private final RuleCache cache;
    private final EvaluationStore store;
    private final OutboxRelay relay;
    private final RulesConfig config;
    private final SerialQueue queue = new SerialQueue();
    private final Counter evaluated;
    private final Counter datapoints;
    private final Counter failures;
    private final Counter malformed;
    private final Counter unwatched;
    private final Timer lag;
    private final Timer batchTime;

    // Touched only by work running in the queue.
    private final Map<Long, RuleState> states = new HashMap<>();
    private final Map<Integer, Long> positions = new HashMap<>();
    // Written by the Kafka polling thread (rebalance listener), read by the stale timer.
    private final Set<Integer> assigned = ConcurrentHashMap.newKeySet();
    private volatile int partitionCount;

    Engine(RuleCache cache, EvaluationStore store, OutboxRelay relay, RulesConfig config, MeterRegistry registry) {
        this.cache = cache;
        this.store = store;
        this.relay = relay;
        this.config = config;
        this.evaluated = registry.counter("fieldline.rules.evaluations");
        this.datapoints = registry.counter("fieldline.rules.datapoints");
        this.failures = registry.counter("fieldline.rules.evaluation.failures");
        this.malformed = registry.counter("fieldline.rules.records.malformed");
        this.unwatched = registry.counter("fieldline.rules.records.unwatched");
        this.lag = LatencyTimers.register("fieldline.rules.evaluation.lag",
                "How late evaluation runs: the age of a polled batch's oldest record when its evaluation starts",
                registry);
        this.batchTime = LatencyTimers.register("fieldline.rules.batch.duration",
                "Time to evaluate a polled batch and store its decisions", registry);
    }

    /** Evaluates a batch of datapoints records; completes once its decisions are in PostgreSQL. */
    public Uni<Void> process(List<ConsumerRecord<String, byte[]>> records) {
        return cache.ready().flatMap(ok -> queue.submit(() -> {
            long started = System.nanoTime();
            lag.record(Math.max(0, System.currentTimeMillis() - oldestTimestamp(records)), TimeUnit.MILLISECONDS);
            return evaluate(records, 0).invoke(() -> batchTime.record(System.nanoTime() - started,
                    TimeUnit.NANOSECONDS));
        }));
    }

    private static long oldestTimestamp(List<ConsumerRecord<String, byte[]>> records) {
        long oldest = Long.MAX_VALUE;
        for (ConsumerRecord<String, byte[]> record : records) {
            oldest = Math.min(oldest, record.timestamp());
        }
        return records.isEmpty() ? System.currentTimeMillis() : oldest;
    }

    /** The listener saw partitions assigned (and how many the topic has). */
    void assigned(Collection<Integer> partitions, int count) {
        assigned.addAll(partitions);
        if (count > 0) {
            partitionCount = count;
        }
    }

    /** The listener saw partitions revoked or lost: forget their state (the next owner reloads it). */
    void revoked(Collection<Integer> partitions) {
        assigned.removeAll(partitions);
        Set<Integer> gone = Set.copyOf(partitions);
        queue.submit(() -> {
            forget(gone);
            return Uni.createFrom().voidItem();
        }).subscribe().with(ok -> {
        }, e -> LOG.warn("Forgetting revoked partitions failed", e));
    }

    /** Drops every partition's in-memory state, as a restart would (used by tests to prove recovery). */
    public Uni<Void> forgetAll() {
        return queue.submit(() -> {
            forget(Set.copyOf(positions.keySet()));
            return Uni.createFrom().voidItem();
        });
    }

    /** Raises stale rules of the partitions this replica owns whose event has been silent long enough. */
    Uni<Void> checkStale() {
        return cache.ready().flatMap(ok -> queue.submit(this::staleWork));
    }

    private Uni<Void> evaluate(List<ConsumerRecord<String, byte[]>> records, int replay) {
        Set<Integer> partitions = new LinkedHashSet<>();
        records.forEach(r -> partitions.add(r.partition()));
        return loadMissing(partitions).flatMap(ok -> {
            Changes changes = new Changes();
            long now = System.currentTimeMillis();
            for (ConsumerRecord<String, byte[]> record : records) {
                evaluateRecord(record, changes, now);
            }
            return persist(changes)
                    .onFailure(EvaluationStore.Fenced.class).recoverWithUni(e -> {
                        LOG.infof("%s; reloading and re-evaluating the batch", e.getMessage());
                        forget(partitions);
                        if (replay >= MAX_REPLAYS) {
                            LOG.warnf("Giving up on a batch of %d records after %d replays: another replica owns"
                                    + " its partitions now", records.size(), replay);
                            return Uni.createFrom().voidItem();
                        }
                        return evaluate(records, replay + 1);
                    });
        });
    }

    private void evaluateRecord(ConsumerRecord<String, byte[]> record, Changes changes, long now) {
        int partition = record.partition();
        long position = positions.get(partition);
        if (record.offset() < position) {
            return; // evaluated and committed before a restart or rebalance
        }
        long[] span = changes.positions.computeIfAbsent(partition, p -> new long[]{ position, position });
        span[1] = record.offset() + 1;
        if (hasNoRules(record.key())) {
            unwatched.increment();
            return; // most events have no rule: skip them before paying for the JSON
        }
        DatapointsReceived batch;
        try {
            batch = JSON.readValue(record.value(), DatapointsReceived.class);
        } catch (Exception e) {
            malformed.increment();
            LOG.warnf("Skipping malformed datapoints record %s-%d@%d: %s", record.topic(), partition, record.offset(),
                    e.getMessage());
            return;
        }
        List<StoredRule> rules = cache.rulesFor(batch.tenantId(), batch.eventId());
        datapoints.increment(batch.datapoints().size());
        if (rules.isEmpty()) {
            return; // no rule, or the event (or its rules) deleted: nothing to do
        }
        for (Datapoint point : batch.datapoints()) {
            for (StoredRule rule : rules) {
                evaluated.increment();
                try {
                    RuleState state = states.computeIfAbsent(rule.id(), id -> RuleState.fresh(partition, now));
                    state.partition = partition;
                    Long pendingBefore = state.pendingSince;
                    Outcome outcome = Evaluator.evaluate(rule, state, point.value(),
                            point.timestamp().toEpochMilli(), now);
                    // A threshold rule's state only changes at transitions and delays; writing it for every
                    // datapoint would cost a row per evaluation. The other kinds keep windows or last-seen times.
                    if (outcome != Outcome.NONE || !"threshold".equals(rule.kind())
                            || !java.util.Objects.equals(pendingBefore, state.pendingSince)) {
                        apply(rule, state, outcome, point.value(), point.timestamp(), changes);
                    }
                } catch (RuntimeException e) {
                    // One broken rule must not stall the stream: count it, log it, go on.
                    failures.increment();
                    LOG.errorf(e, "Rule %s failed on a datapoint of event %s", rule.publicId(), batch.eventId());
                }
            }
        }
    }

    // The record key is <tenant>/<event> (RecordKeys.datapoints), the cache's own key: no parsing needed.
    private boolean hasNoRules(String key) {
        return key != null && cache.rulesForRecordKey(key).isEmpty();
    }

    private void apply(StoredRule rule, RuleState state, Outcome outcome, Double value, Instant at, Changes changes) {
        changes.dirty.put(rule.id(), state);
        switch (outcome) {
            case RAISE -> changes.add(new Changes.Raise(rule, PublicIds.newId(), value, at));
            case UPDATE -> changes.touch(rule, value, at, centre(rule));
            case CLEAR -> changes.add(new Changes.Clear(rule, value, at));
            default -> {
            }
        }
    }

    private Uni<Void> staleWork() {
        int count = partitionCount;
        List<StoredRule> rules = cache.rulesOfKind("stale").stream()
                .filter(r -> count > 0 && assigned.contains(partitionOf(r, count))).toList();
        if (rules.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<Integer> partitions = new LinkedHashSet<>();
        rules.forEach(r -> partitions.add(partitionOf(r, count)));
        return loadMissing(partitions).flatMap(ok -> {
            Changes changes = new Changes();
            long now = System.currentTimeMillis();
            for (StoredRule rule : rules) {
                try {
                    int partition = partitionOf(rule, count);
                    RuleState state = states.computeIfAbsent(rule.id(), id -> RuleState.fresh(partition, now));
                    Outcome outcome = Evaluator.staleCheck(rule, state, now);
                    if (outcome != Outcome.NONE) {
                        apply(rule, state, outcome, null, Instant.ofEpochMilli(now), changes);
                    }
                } catch (RuntimeException e) {
                    failures.increment();
                    LOG.errorf(e, "Stale rule %s failed", rule.publicId());
                }
            }
            return persist(changes);
        });
    }

    /** Writes the changes, waiting out PostgreSQL outages (evaluation pauses, Kafka keeps the datapoints). */
    private Uni<Void> persist(Changes changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.write(changes)
                .onFailure(e -> !(e instanceof EvaluationStore.Fenced)).invoke(e -> LOG.warnf(
                        "Cannot store evaluation results (retrying): %s", e.toString()))
                .onFailure(e -> !(e instanceof EvaluationStore.Fenced)).retry()
                .withBackOff(Duration.ofMillis(100), config.retryBackoffMax()).indefinitely()
                .invoke(recorded -> {
                    changes.positions.forEach((partition, span) -> positions.put(partition, span[1]));
                    recorded.transitions().forEach(Engine::logAction);
                    relay.publish(recorded.outbox());
                })
                .replaceWithVoid();
    }

    private Uni<Void> loadMissing(Set<Integer> partitions) {
        List<Uni<Void>> loads = new ArrayList<>();
        for (int partition : partitions) {
            if (!positions.containsKey(partition)) {
                loads.add(store.load(partition)
                        .onFailure().invoke(e -> LOG.warnf("Cannot load partition %d state (retrying): %s",
                                partition, e.toString()))
                        .onFailure().retry().withBackOff(Duration.ofMillis(100), config.retryBackoffMax())
                        .indefinitely()
                        .invoke(loaded -> {
                            positions.put(partition, loaded.position());
                            loaded.states().forEach(states::put);
                        })
                        .replaceWithVoid());
            }
        }
        return loads.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(loads).andFailFast().replaceWithVoid();
    }

    private void forget(Set<Integer> partitions) {
        partitions.forEach(positions::remove);
        states.values().removeIf(state -> partitions.contains(state.partition));
    }

    /** The datapoints partition of a rule's event, as Kafka's default partitioner places its key. */
    static int partitionOf(StoredRule rule, int count) {
        byte[] key = (rule.tenant().value() + "/" + rule.eventPublicId())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % count;
    }

    private static Double centre(StoredRule rule) {
        if (!"threshold".equals(rule.kind()) || rule.operator() == null) {
            return null;
        }
        return switch (rule.operator()) {
            case "eq" -> rule.threshold();
            case "not_between" -> rule.thresholdHigh() == null ? rule.threshold()
                    : (rule.threshold() + rule.thresholdHigh()) / 2;
            default -> null;
        };
    }

    // Seed 000's log action writes a structured log line (it creates no log entry row there either).
    private static void logAction(IncidentTransitioned t) {
        if (t.transition() == IncidentTransition.RAISED && "log".equals(t.rule().actionType())) {
            ACTION_LOG.infof("rule triggered: tenant=%s rule=%s name=\"%s\" event=%s value=%s operator=%s threshold=%s"
                    + " incident=%s", t.tenantId(), t.ruleId(), t.rule().name(), t.eventId(), t.value(),
                    t.rule().operator(), t.rule().threshold(), t.incidentId());
        }
    }
}
