package io.fieldline.model;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The value on {@link Topic#INCIDENTS}: one transition of an incident. Key: {@link RecordKeys#incidents}.
 *
 * @param value the datapoint value that caused the transition, or null for a manual one
 * @param actor who made a manual transition (user public id), or null for the rule engine
 * @param note the operator's note, or null
 * @param rule what the rule was at the transition, so consumers (webhook payloads, live frames) need not ask
 *        rules-service; null only for records written before it existed
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IncidentTransitioned(
        TenantId tenantId,
        String incidentId,
        String ruleId,
        String eventId,
        IncidentTransition transition,
        IncidentStatus status,
        Severity severity,
        Double value,
        String actor,
        String note,
        Instant occurredAt,
        RuleSnapshot rule) {

    /** Version of this record's schema, sent in the {@code schema-version} header. */
    public static final int SCHEMA_VERSION = 1;

    public IncidentTransitioned {
        Objects.requireNonNull(tenantId, "tenant_id");
        Objects.requireNonNull(incidentId, "incident_id");
        Objects.requireNonNull(ruleId, "rule_id");
        Objects.requireNonNull(eventId, "event_id");
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(occurredAt, "occurred_at");
    }

    /** The record key. */
    public String key() {
        return RecordKeys.incidents(tenantId, ruleId, eventId);
    }
}
