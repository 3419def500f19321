package io.fieldline.gateway.audit.store;

import java.time.Instant;

/** An audit event as stored (without internal ids). */
public record AuditEventRow(String publicId, String actor, String credentialKind, String action, String target,
        String outcome, String clientIp, String requestId, Instant occurredAt) {
}
