package io.fieldline.rules.incident.store;

/** A committed outbox row: one incident record waiting to be published (see incident.service.OutboxRelay). */
public record OutboxRow(long id, String recordKey, String tenantId, String payload, long createdMillis) {
}
