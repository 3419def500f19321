package io.fieldline.gateway.audit;

/** Placeholder replaced by the audit feature's implementation at merge. */
public record AuditRecord(Long tenantRowId, String actor, String credentialKind, String action, String target,
        String outcome, String clientIp, String requestId) {
}
