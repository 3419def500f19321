package io.fieldline.rules.incident.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

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
    private static final String HISTORY = """
            INSERT INTO incident_transition (incident_id, transition, from_status, to_status, value, actor, note,
                occurred_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""";
    private static final String OUTBOX = """
            INSERT INTO outbox (record_key, tenant_id, payload) VALUES ($1, $2, $3) RETURNING id, created_on""";

    private TransitionRows() {
    }

    /** Records the transition in the incident's history. */
    public static Uni<Void> history(SqlConnection connection, long incidentId, IncidentTransitioned t,
            String fromStatus) {
        Tuple values = Tuple.tuple().addLong(incidentId).addString(wire(t.transition())).addString(fromStatus)
                .addString(wire(t.status())).addDouble(t.value()).addString(t.actor()).addString(t.note())
                .addOffsetDateTime(utc(t.occurredAt()));
        return connection.preparedQuery(HISTORY).execute(values).replaceWithVoid();
    }

    /**
     * Queues the record for {@code fieldline.incidents.v1}: the caller hands the row to incident.service.OutboxRelay
     * once its transaction committed.
     */
    public static Uni<OutboxRow> outbox(SqlConnection connection, IncidentTransitioned t) {
        String key = t.key();
        String tenant = t.tenantId().value();
        String payload = json(t);
        return connection.preparedQuery(OUTBOX).execute(Tuple.of(key, tenant, payload)).map(rows -> {
            Row row = rows.iterator().next();
            return new OutboxRow(row.getLong(0), key, tenant, payload,
                    row.getOffsetDateTime(1).toInstant().toEpochMilli());
        });
    }

    /** History and outbox; emits the outbox row. */
    public static Uni<OutboxRow> both(SqlConnection connection, long incidentId, IncidentTransitioned t,
            String fromStatus) {
        // Independent statements: sent together, pipelined on the connection.
        return Uni.combine().all().unis(history(connection, incidentId, t, fromStatus), outbox(connection, t))
                .with((ignored, row) -> row);
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
