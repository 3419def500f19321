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
    // Set-based statements over the operations of one round (each rule at most once, see applyAll): one round trip
    // and one plan for hundreds of incidents instead of a statement each. Each also filters "= ANY" on its ids, so the
    // indexes find just those rows whichever join the planner picks (a hash join on the join alone read every open
    // incident, or every rule, per statement). Opening an incident also marks its rule triggered (seed 000's
    // last_triggered_at) in the same statement.
    private static final String RAISE = """
            WITH raised AS (
                INSERT INTO incident (public_id, tenant_id, rule_id, event_public_id, status, severity, first_value,
                    last_value, peak_value, count, raised_at, last_seen_at)
                SELECT p, t, r, e, 'active', s, v, v, v, 1, a, a
                FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::float8[],
                    $7::timestamptz[]) AS u (p, t, r, e, s, v, a)
                ON CONFLICT (rule_id) WHERE status IN """ + OPEN + """
                 DO UPDATE SET count = incident.count + 1,
                    last_value = coalesce(EXCLUDED.last_value, incident.last_value),
                    last_seen_at = EXCLUDED.last_seen_at, updated_on = now()
                RETURNING rule_id, id, public_id, (xmax = 0) AS inserted, raised_at),
            triggered AS (
                UPDATE rule SET last_triggered_at = raised.raised_at FROM raised
                WHERE rule.id = raised.rule_id AND raised.inserted AND rule.id = ANY($3))
            SELECT rule_id, id, public_id, inserted FROM raised""";
    // Peak: the most extreme value in the rule's direction (sign), or the farthest from a centre when it has none.
    private static final String TOUCH = """
            UPDATE incident i SET count = i.count + u.n, last_value = u.last, last_seen_at = u.a, updated_on = now(),
                peak_value = CASE
                    WHEN i.peak_value IS NULL THEN u.mx
                    WHEN u.sign > 0 THEN greatest(i.peak_value, u.mx)
                    WHEN u.sign < 0 THEN least(i.peak_value, u.mn)
                    ELSE (SELECT v FROM (VALUES (i.peak_value), (u.mx), (u.mn)) AS c (v)
                          ORDER BY abs(v - coalesce(u.centre, i.first_value, 0)) DESC LIMIT 1) END
            FROM unnest($1::bigint[], $2::bigint[], $3::float8[], $4::float8[], $5::float8[], $6::timestamptz[],
                $7::int[], $8::float8[]) AS u (rule_id, n, last, mx, mn, a, sign, centre)
            WHERE i.rule_id = u.rule_id AND i.rule_id = ANY($1) AND i.status IN """ + OPEN;
    private static final String CLEAR = """
            WITH u AS (SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::float8[]) AS u (rule_id, a, v)),
            open AS (SELECT i.id, i.status, u.a, u.v FROM incident i JOIN u ON i.rule_id = u.rule_id
                WHERE i.rule_id = ANY($1) AND i.status IN """ + OPEN + """
             FOR UPDATE OF i)
            UPDATE incident i SET status = 'cleared', cleared_at = open.a, last_value = coalesce(open.v, i.last_value),
                shelved_until = NULL, updated_on = now()
            FROM open WHERE i.id = open.id
            RETURNING i.rule_id, i.id, i.public_id, i.severity, open.status""";
    private static final String SAVE_STATES = """
            INSERT INTO rule_state (rule_id, partition, state)
            SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[])
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
            Recorded recorded = new Recorded(new ArrayList<>(), new ArrayList<>());
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
     * Applies the operations in rounds: round k holds the k-th operation of every rule, so each rule's operations
     * keep their order and a round touches a rule at most once (which a set-based upsert requires). A batch rarely
     * has more than one operation per rule, so this is one round.
     */
    private Uni<Void> applyAll(SqlConnection connection, List<Changes.Op> ops, Recorded recorded) {
        Map<Long, Integer> seen = new HashMap<>();
        List<List<Changes.Op>> rounds = new ArrayList<>();
        for (Changes.Op op : ops) {
            int round = seen.merge(op.rule().id(), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(op);
        }
        Uni<Void> applied = Uni.createFrom().voidItem();
        for (List<Changes.Op> round : rounds) {
            applied = applied.flatMap(ok -> applyRound(connection, round, recorded));
        }
        return applied;
    }

    private Uni<Void> applyRound(SqlConnection connection, List<Changes.Op> round, Recorded recorded) {
        List<Changes.Raise> raises = new ArrayList<>();
        List<Changes.Touch> touches = new ArrayList<>();
        List<Changes.Clear> clears = new ArrayList<>();
        for (Changes.Op op : round) {
            if (op instanceof Changes.Raise raise) {
                raises.add(raise);
            } else if (op instanceof Changes.Touch touch) {
                touches.add(touch);
            } else {
                clears.add((Changes.Clear) op);
            }
        }
        // Different rules in each statement: independent, so sent together (pipelined on the connection).
        return Uni.combine().all()
                .unis(raise(connection, raises), touch(connection, touches), clear(connection, clears))
                .asTuple().flatMap(done -> {
                    List<TransitionRows.Made> made = new ArrayList<>(done.getItem1().size() + done.getItem3().size());
                    made.addAll(done.getItem1());
                    made.addAll(done.getItem3());
                    made.forEach(m -> recorded.transitions().add(m.transition()));
                    return TransitionRows.record(connection, made).invoke(recorded.outbox()::addAll);
                }).replaceWithVoid();
    }

    // Opens the incidents (or counts on the ones already open); the transitions of those it opened.
    private static Uni<List<TransitionRows.Made>> raise(SqlConnection connection, List<Changes.Raise> raises) {
        if (raises.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = raises.size();
        String[] publicIds = new String[n];
        String[] tenants = new String[n];
        Long[] rules = new Long[n];
        String[] events = new String[n];
        String[] severities = new String[n];
        Double[] values = new Double[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        Map<Long, Changes.Raise> byRule = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Changes.Raise raise = raises.get(i);
            StoredRule rule = raise.rule();
            publicIds[i] = raise.incidentPublicId();
            tenants[i] = rule.tenant().value();
            rules[i] = rule.id();
            events[i] = rule.eventPublicId();
            severities[i] = TransitionRows.wire(rule.severity());
            values[i] = raise.value();
            times[i] = utc(raise.at());
            byRule.put(rule.id(), raise);
        }
        Tuple parameters = Tuple.tuple().addArrayOfString(publicIds).addArrayOfString(tenants).addArrayOfLong(rules)
                .addArrayOfString(events).addArrayOfString(severities).addArrayOfDouble(values)
                .addArrayOfOffsetDateTime(times);
        return connection.preparedQuery(RAISE).execute(parameters).map(rows -> {
            List<TransitionRows.Made> made = new ArrayList<>();
            for (Row row : rows) {
                if (row.getBoolean(3)) {
                    Changes.Raise raise = byRule.get(row.getLong(0));
                    StoredRule rule = raise.rule();
                    made.add(new TransitionRows.Made(row.getLong(1), transition(rule, row.getString(2),
                            IncidentTransition.RAISED, IncidentStatus.ACTIVE, rule.severity(), raise.value(),
                            raise.at()), null));
                }
            }
            return made;
        });
    }

    private static Uni<Void> touch(SqlConnection connection, List<Changes.Touch> touches) {
        if (touches.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = touches.size();
        Long[] rules = new Long[n];
        Long[] counts = new Long[n];
        Double[] last = new Double[n];
        Double[] max = new Double[n];
        Double[] min = new Double[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        Integer[] signs = new Integer[n];
        Double[] centres = new Double[n];
        for (int i = 0; i < n; i++) {
            Changes.Touch touch = touches.get(i);
            rules[i] = touch.rule().id();
            counts[i] = touch.count();
            last[i] = touch.last();
            max[i] = touch.max();
            min[i] = touch.min();
            times[i] = utc(touch.at());
            signs[i] = peakSign(touch.rule());
            centres[i] = touch.center();
        }
        Tuple parameters = Tuple.tuple().addArrayOfLong(rules).addArrayOfLong(counts).addArrayOfDouble(last)
                .addArrayOfDouble(max).addArrayOfDouble(min).addArrayOfOffsetDateTime(times)
                .addArrayOfInteger(signs).addArrayOfDouble(centres);
        return connection.preparedQuery(TOUCH).execute(parameters).replaceWithVoid();
    }

    // Clears the open incidents (one resolved by an operator meanwhile has nothing left to clear); their transitions.
    private static Uni<List<TransitionRows.Made>> clear(SqlConnection connection, List<Changes.Clear> clears) {
        if (clears.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = clears.size();
        Long[] rules = new Long[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        Double[] values = new Double[n];
        Map<Long, Changes.Clear> byRule = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Changes.Clear clear = clears.get(i);
            rules[i] = clear.rule().id();
            times[i] = utc(clear.at());
            values[i] = clear.value();
            byRule.put(clear.rule().id(), clear);
        }
        return connection.preparedQuery(CLEAR).execute(Tuple.of(rules, times, values)).map(rows -> {
            List<TransitionRows.Made> made = new ArrayList<>();
            for (Row row : rows) {
                Changes.Clear clear = byRule.get(row.getLong(0));
                Severity severity = Severity.valueOf(row.getString(3).toUpperCase(java.util.Locale.ROOT));
                made.add(new TransitionRows.Made(row.getLong(1), transition(clear.rule(), row.getString(2),
                        IncidentTransition.CLEARED, IncidentStatus.CLEARED, severity, clear.value(), clear.at()),
                        row.getString(4)));
            }
            return made;
        });
    }

    private Uni<Void> saveStates(SqlConnection connection, Changes changes) {
        if (changes.dirty.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = changes.dirty.size();
        Long[] rules = new Long[n];
        Integer[] partitions = new Integer[n];
        String[] states = new String[n];
        int i = 0;
        for (Map.Entry<Long, RuleState> entry : changes.dirty.entrySet()) {
            rules[i] = entry.getKey();
            partitions[i] = entry.getValue().partition;
            states[i] = json(entry.getValue());
            i++;
        }
        return connection.preparedQuery(SAVE_STATES).execute(Tuple.of(rules, partitions, states)).replaceWithVoid();
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
