package io.fieldline.gateway.audit;

import jakarta.enterprise.context.ApplicationScoped;

/** Placeholder replaced by the audit feature's implementation at merge. */
@ApplicationScoped
public class AuditTrail {

    public void record(AuditRecord record) {
    }
}
