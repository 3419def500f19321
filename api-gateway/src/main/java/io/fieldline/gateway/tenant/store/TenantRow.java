package io.fieldline.gateway.tenant.store;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A tenant as stored.
 *
 * @param id internal id (never leaves the gateway)
 * @param limits the tenant's limits, a JSON object
 */
public record TenantRow(long id, String publicId, String name, String slug, String status, Map<String, Object> limits,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    /** Whether the tenant is suspended. */
    public boolean suspended() {
        return TenantStore.SUSPENDED.equals(status);
    }
}
