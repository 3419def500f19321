package io.fieldline.gateway.audit;

import java.util.Map;

import io.fieldline.gateway.TestQueries;

/** Reads audit rows straight from the gateway schema, for events the API cannot show (no tenant). */
final class AuditRows {

    private AuditRows() {
    }

    /** The stored row of the request's audit event (column → value), or null if none is stored yet. */
    static Map<String, Object> byRequestId(String requestId) {
        return TestQueries.row("SELECT tenant_id, actor, credential_kind, action, outcome FROM audit_event "
                + "WHERE request_id = ?", requestId);
    }
}
