package io.fieldline.rules.incident.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.model.IncidentTransitioned;
import io.fieldline.model.ModelJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes what every transition leaves behind, inside the caller's transaction: a history row and, for transitions
 * that the relay publishes, an outbox row.
 */
public final class TransitionRows {

    private static final ObjectMapper JSON = ModelJson.newMapper();
    // Set-based: one statement for all the transitions of an evaluation batch (one round trip, one plan).
    private static final String HISTORY = """
            INSERT INTO incident_transition (incident_id, transition, from_status, to_status, value, actor, note,
                occurred_at)
            SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::text[],
                $7::text[], $8::timestamptz[])""";
    // Ordered, so ids (and the relay's sweep order) follow the order of the transitions.
    private static final String OUTBOX = """
            INSERT INTO outbox (record_key, tenant_id, payload)
            SELECT k, t, p FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u (k, t, p, n)
            ORDER BY n
            RETURNING id, created_on""";

    private TransitionRows() {
    }

    /**
     * A transition of a stored incident.
     *
     * @param fromStatus the status it left (wire name), or null for a raise
     */
    public record Made(long incidentId, IncidentTransitioned transition, String fromStatus) {
    }

    /** Records the transition in the incident's history. */
    public static Uni<Void> history(SqlConnection connection, long incidentId, IncidentTransitioned t,
            String fromStatus) {
        return history(connection, List.of(new Made(incidentId, t, fromStatus)));
    }

    /** Records the transitions in their incidents' histories. */
    public static Uni<Void> history(SqlConnection connection, List<Made> made) {
        int n = made.size();
        Long[] incidents = new Long[n];
        String[] transitions = new String[n];
        String[] from = new String[n];
        String[] to = new String[n];
        Double[] values = new Double[n];
        String[] actors = new String[n];
        String[] notes = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            IncidentTransitioned t = made.get(i).transition();
            incidents[i] = made.get(i).incidentId();
            transitions[i] = wire(t.transition());
            from[i] = made.get(i).fromStatus();
            to[i] = wire(t.status());
            values[i] = t.value();
            actors[i] = t.actor();
            notes[i] = t.note();
            times[i] = utc(t.occurredAt());
        }
        return connection.preparedQuery(HISTORY).execute(Tuple.tuple().addArrayOfLong(incidents)
                .addArrayOfString(transitions).addArrayOfString(from).addArrayOfString(to).addArrayOfDouble(values)
                .addArrayOfString(actors).addArrayOfString(notes).addArrayOfOffsetDateTime(times)).replaceWithVoid();
    }

    /**
     * Queues the records for {@code fieldline.incidents.v1}, in order: the caller hands the rows to
     * incident.service.OutboxRelay once its transaction committed.
     */
    public static Uni<List<OutboxRow>> outbox(SqlConnection connection, List<IncidentTransitioned> transitions) {
        int n = transitions.size();
        String[] keys = new String[n];
        String[] tenants = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            keys[i] = transitions.get(i).key();
            tenants[i] = transitions.get(i).tenantId().value();
            payloads[i] = json(transitions.get(i));
        }
        return connection.preparedQuery(OUTBOX).execute(Tuple.of(keys, tenants, payloads)).map(rows -> {
            // Ids were drawn in the order of the rows: ascending ids match the transitions one to one.
            List<long[]> stored = new ArrayList<>(n);
            for (Row row : rows) {
                stored.add(new long[]{ row.getLong(0), row.getOffsetDateTime(1).toInstant().toEpochMilli() });
            }
            stored.sort(Comparator.comparingLong(idAndTime -> idAndTime[0]));
            List<OutboxRow> queued = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                queued.add(new OutboxRow(stored.get(i)[0], keys[i], tenants[i], payloads[i], stored.get(i)[1]));
            }
            return queued;
        });
    }

    /** History and outbox rows of the transitions (independent statements, pipelined); emits the outbox rows. */
    public static Uni<List<OutboxRow>> record(SqlConnection connection, List<Made> made) {
        if (made.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<IncidentTransitioned> transitions = made.stream().map(Made::transition).toList();
        return Uni.combine().all().unis(history(connection, made), outbox(connection, transitions))
                .with((ignored, rows) -> rows);
    }

    /** History and outbox of one transition; emits its outbox row. */
    public static Uni<OutboxRow> both(SqlConnection connection, long incidentId, IncidentTransitioned t,
            String fromStatus) {
        return record(connection, List.of(new Made(incidentId, t, fromStatus))).map(rows -> rows.get(0));
    }

    /** The record as JSON (ModelJson settings). */
    public static String json(IncidentTransitioned t) {
        try {
            return JSON.writeValueAsString(t);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise incident transition", e);
        }
    }

    /** The wire name of an enum constant (its lowercase name, as its @JsonProperty says). */
    public static String wire(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
