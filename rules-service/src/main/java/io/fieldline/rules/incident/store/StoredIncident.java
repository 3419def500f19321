package io.fieldline.rules.incident.store;

import java.time.Instant;

import io.fieldline.model.IncidentStatus;
import io.fieldline.model.Severity;
import io.fieldline.model.TenantId;
import io.fieldline.rules.rule.store.StoredRule;

/** An incident as stored, with the rule that raised it. */
public record StoredIncident(long id, String publicId, TenantId tenant, StoredRule rule, IncidentStatus status,
        Severity severity, Double firstValue, Double lastValue, Double peakValue, long count, Instant raisedAt,
        Instant lastSeenAt, Instant acknowledgedAt, String acknowledgedBy, String acknowledgedNote,
        Instant shelvedUntil, String shelvedBy, IncidentStatus statusBeforeShelve, Instant clearedAt,
        Instant resolvedAt, String resolvedBy, String resolvedNote, Instant updatedOn) {
}
