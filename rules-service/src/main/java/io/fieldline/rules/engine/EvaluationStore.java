package io.fieldline.rules.engine;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.model.IncidentStatus;
import io.fieldline.model.IncidentTransition;
import io.fieldline.model.IncidentTransitioned;
import io.fieldline.model.ModelJson;
import io.fieldline.model.Severity;
import io.fieldline.rules.incident.store.OutboxRow;
import io.fieldline.rules.incident.store.TransitionRows;
import io.fieldline.rules.rule.store.StoredRule;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Persists the engine's decisions: incidents, their history and outbox rows, rule states and partition positions,
 * all in one transaction, so PostgreSQL always holds a state that matches exactly the datapoints evaluated so far.
 */
@ApplicationScoped
class EvaluationStore {

    private static final ObjectMapper JSON = ModelJson.newMapper();
    private static final String OPEN = "('active', 'acknowledged', 'shelved')";
    // The fence: only a writer that read the previous position may advance it (another replica that took the
    // partition over in a rebalance, or a retried commit that did go through, makes this touch no row).
    private static final String ADVANCE = """
            INSERT INTO consumer_position (partition, next_offset) VALUES ($1, $3)
            ON CONFLICT (partition) DO UPDATE SET next_offset = $3 WHERE consumer_position.next_offset = $2
            RETURNING partition""";
    private static final String RAISE = """
            INSERT INTO incident (public_id, tenant_id, rule_id, event_public_id, status, severity, first_value,
                last_value, peak_value, count, raised_at, last_seen_at)
            VALUES ($1, $2, $3, $4, 'active', $5, $6, $6, $6, 1, $7, $7)
            ON CONFLICT (rule_id) WHERE status IN """ + OPEN + """
             DO UPDATE SET count = incident.count + 1, last_value = coalesce(EXCLUDED.last_value, incident.last_value),
                last_seen_at = EXCLUDED.last_seen_at, updated_on = now()
            RETURNING id, public_id, (xmax = 0) AS inserted""";
    private static final String TRIGGERED = "UPDATE rule SET last_triggered_at = $2 WHERE id = $1";
    // Peak: the most extreme value in the rule's direction (sign), or the farthest from a centre when it has none.
    private static final String TOUCH = """
            UPDATE incident SET count = count + $2, last_value = $3, last_seen_at = $6, updated_on = now(),
                peak_value = CASE
                    WHEN peak_value IS NULL THEN $4
                    WHEN $7 > 0 THEN greatest(peak_value, $4)
                    WHEN $7 < 0 THEN least(peak_value, $5)
                    ELSE (SELECT v FROM (VALUES (peak_value), ($4), ($5)) AS c (v)
                          ORDER BY abs(v - coalesce($8, first_value, 0)) DESC LIMIT 1) END
            WHERE rule_id = $1 AND status IN """ + OPEN;
    private static final String CLEAR = """
            WITH open AS (SELECT id, status FROM incident WHERE rule_id = $1 AND status IN """ + OPEN + """
             FOR UPDATE)
            UPDATE incident i SET status = 'cleared', cleared_at = $2, last_value = coalesce($3, i.last_value),
                shelved_until = NULL, updated_on = now()
            FROM open WHERE i.id = open.id
            RETURNING i.id, i.public_id, i.severity, open.status""";
    private static final String SAVE_STATE = """
            INSERT INTO rule_state (rule_id, partition, state) VALUES ($1, $2, $3)
            ON CONFLICT (rule_id) DO UPDATE SET partition = EXCLUDED.partition, state = EXCLUDED.state,
                updated_on = now()""";
    private static final String POSITION = "SELECT next_offset FROM consumer_position WHERE partition = $1";
    // Deleted rules keep their last state row (the foreign key) but are never evaluated again: not worth loading.
    private static final String STATES = """
            SELECT s.rule_id, s.state FROM rule_state s JOIN rule r ON r.id = s.rule_id
            WHERE s.partition = $1 AND r.deleted_on IS NULL""";
    private static final String STATE = "SELECT state FROM rule_state WHERE rule_id = $1";

    private final Pool pool;

    EvaluationStore(Pool pool) {
        this.pool = pool;
    }

    /** A partition's stored position (-1 when none) and the states of its rules. */
    record Loaded(long position, Map<Long, RuleState> states) {
    }

    /** Reads what a replica needs to take over a partition. */
    Uni<Loaded> load(int partition) {
        Uni<Long> position = pool.preparedQuery(POSITION).execute(Tuple.of(partition))
                .map(rows -> rows.rowCount() == 0 ? -1L : rows.iterator().next().getLong(0));
        Uni<Map<Long, RuleState>> states = pool.preparedQuery(STATES).execute(Tuple.of(partition)).map(rows -> {
            Map<Long, RuleState> found = new HashMap<>();
            for (Row row : rows) {
                RuleState state = parse(row.getString(1));
                state.partition = partition;
                found.put(row.getLong(0), state);
            }
            return found;
        });
        return Uni.combine().all().unis(position, states).asTuple()
                .map(both -> new Loaded(both.getItem1(), both.getItem2()));
    }

    /** The stored state of one rule, or null (a stale rule whose partition was never loaded). */
    Uni<RuleState> state(long ruleId) {
        return pool.preparedQuery(STATE).execute(Tuple.of(ruleId))
                .map(rows -> rows.rowCount() == 0 ? null : parse(rows.iterator().next().getString(0)));
    }

    /** What a write recorded: the transitions (in order) and their outbox rows, to publish once committed. */
    record Recorded(List<IncidentTransitioned> transitions, List<OutboxRow> outbox) {
    }

    /**
     * Writes the changes in one transaction.
     *
     * @throws Fenced if a partition's position moved since it was read (nothing is written then)
     */
    Uni<Recorded> write(Changes changes) {
        // Deferred: a retried write starts with empty lists.
        return Uni.createFrom().deferred(() -> {
            Recorded recorded = new Recorded(java.util.Collections.synchronizedList(new ArrayList<>()),
                    java.util.Collections.synchronizedList(new ArrayList<>()));
            // The fences first (a fenced writer must change nothing); then incidents and states, which touch
            // different tables, pipelined together.
            return pool.withTransaction(connection -> advance(connection, changes)
                    .flatMap(ok -> Uni.join().all(applyAll(connection, changes.ops, recorded),
                            saveStates(connection, changes)).andFailFast()))
                    .replaceWith(recorded);
        });
    }

    // The partitions' fences are independent: sent together, the connection pipelines them (one round trip).
    private Uni<Void> advance(SqlConnection connection, Changes changes) {
        List<Uni<Void>> fences = new ArrayList<>(changes.positions.size());
        changes.positions.forEach((partition, span) -> fences.add(connection.preparedQuery(ADVANCE)
                .execute(Tuple.of(partition, span[0], span[1]))
                .invoke(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new Fenced(partition);
                    }
                }).replaceWithVoid()));
        return fences.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(fences).andFailFast().replaceWithVoid();
    }

    /**
     * Each rule's operations run in order; different rules' run concurrently, so the connection pipelines their
     * statements instead of waiting a round trip for each (the incidents of different rules are independent).
     */
    private Uni<Void> applyAll(SqlConnection connection, List<Changes.Op> ops, Recorded recorded) {
        if (ops.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<Long, List<Changes.Op>> byRule = new java.util.LinkedHashMap<>();
        ops.forEach(op -> byRule.computeIfAbsent(op.rule().id(), id -> new ArrayList<>()).add(op));
        List<Uni<Void>> chains = new ArrayList<>(byRule.size());
        for (List<Changes.Op> ruleOps : byRule.values()) {
            chains.add(Multi.createFrom().iterable(ruleOps)
                    .onItem().transformToUniAndConcatenate(op -> apply(connection, op, recorded))
                    .collect().last().replaceWithVoid());
        }
        return Uni.join().all(chains).andFailFast().replaceWithVoid();
    }

    private Uni<Void> apply(SqlConnection connection, Changes.Op op, Recorded recorded) {
        StoredRule rule = op.rule();
        if (op instanceof Changes.Raise raise) {
            Tuple values = Tuple.tuple().addString(raise.incidentPublicId()).addString(rule.tenant().value())
                    .addLong(rule.id()).addString(rule.eventPublicId()).addString(TransitionRows.wire(rule.severity()))
                    .addDouble(raise.value()).addOffsetDateTime(utc(raise.at()));
            return connection.preparedQuery(RAISE).execute(values).flatMap(rows -> {
                Row row = rows.iterator().next();
                if (!row.getBoolean(2)) {
                    return Uni.createFrom().voidItem();
                }
                IncidentTransitioned t = transition(rule, row.getString(1), IncidentTransition.RAISED,
                        IncidentStatus.ACTIVE, rule.severity(), raise.value(), raise.at());
                recorded.transitions().add(t);
                return Uni.combine().all().unis(TransitionRows.both(connection, row.getLong(0), t, null)
                        .invoke(recorded.outbox()::add),
                        connection.preparedQuery(TRIGGERED).execute(Tuple.of(rule.id(), utc(raise.at()))))
                        .discardItems();
            });
        }
        if (op instanceof Changes.Touch touch) {
            Tuple values = Tuple.tuple().addLong(rule.id()).addLong(touch.count()).addDouble(touch.last())
                    .addDouble(touch.max()).addDouble(touch.min()).addOffsetDateTime(utc(touch.at()))
                    .addInteger(peakSign(rule)).addDouble(touch.center());
            return connection.preparedQuery(TOUCH).execute(values).replaceWithVoid();
        }
        Changes.Clear clear = (Changes.Clear) op;
        Tuple values = Tuple.tuple().addLong(rule.id()).addOffsetDateTime(utc(clear.at())).addDouble(clear.value());
        return connection.preparedQuery(CLEAR).execute(values).flatMap(rows -> {
            if (rows.rowCount() == 0) {
                // Resolved by an operator meanwhile: nothing left to clear.
                return Uni.createFrom().voidItem();
            }
            Row row = rows.iterator().next();
            IncidentTransitioned t = transition(rule, row.getString(1), IncidentTransition.CLEARED,
                    IncidentStatus.CLEARED, Severity.valueOf(row.getString(2).toUpperCase(java.util.Locale.ROOT)),
                    clear.value(), clear.at());
            recorded.transitions().add(t);
            return TransitionRows.both(connection, row.getLong(0), t, row.getString(3))
                    .invoke(recorded.outbox()::add).replaceWithVoid();
        });
    }

    private Uni<Void> saveStates(SqlConnection connection, Changes changes) {
        if (changes.dirty.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>(changes.dirty.size());
        changes.dirty.forEach((ruleId, state) -> batch.add(Tuple.of(ruleId, state.partition, json(state))));
        return connection.preparedQuery(SAVE_STATE).executeBatch(batch).replaceWithVoid();
    }

    private static IncidentTransitioned transition(StoredRule rule, String incidentId, IncidentTransition transition,
            IncidentStatus status, Severity severity, Double value, Instant at) {
        return new IncidentTransitioned(rule.tenant(), incidentId, rule.publicId(), rule.eventPublicId(), transition,
                status, severity, value, null, null, at, rule.snapshot());
    }

    /** +1: higher is worse, -1: lower is worse, 0: farther from a centre is worse. */
    private static int peakSign(StoredRule rule) {
        if (!"threshold".equals(rule.kind()) || rule.operator() == null) {
            return 0;
        }
        return switch (rule.operator()) {
            case "lt", "lte" -> -1;
            case "gt", "gte", "between" -> 1;
            default -> 0;
        };
    }

    private static RuleState parse(String json) {
        try {
            return JSON.readValue(json, RuleState.class);
        } catch (JsonProcessingException e) {
            // A state that cannot be read is treated as no state: the rule starts from normal.
            return new RuleState();
        }
    }

    private static String json(RuleState state) {
        try {
            return JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise rule state", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Another writer advanced a partition's position: this replica's view of it is out of date. */
    static final class Fenced extends RuntimeException {

        Fenced(int partition) {
            super("Position of partition " + partition + " moved under this replica", null, false, false);
        }
    }
}
