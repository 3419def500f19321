package io.fieldline.gateway.audit.store;

import java.time.Instant;

/** Optional conditions on a tenant's audit events; null means "any". */
public record AuditFilter(String actor, String action, Instant from, Instant to) {
}
