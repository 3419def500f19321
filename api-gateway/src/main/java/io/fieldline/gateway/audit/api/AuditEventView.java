package io.fieldline.gateway.audit.api;

import java.time.Instant;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fieldline.gateway.audit.store.AuditEventRow;

/** An audit event as the API shows it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditEventView(String publicId, String actor, String credentialKind, String action, String target,
        String outcome, String clientIp, String requestId, Instant occurredAt) {

    static AuditEventView of(AuditEventRow row) {
        return new AuditEventView(row.publicId(), row.actor(), row.credentialKind(), row.action(), row.target(),
                row.outcome(), row.clientIp(), row.requestId(), row.occurredAt());
    }
}
