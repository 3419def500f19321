package io.fieldline.gateway.tenant.api;

import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fieldline.gateway.tenant.store.TenantRow;

/** A tenant as the API shows it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TenantView(String publicId, String name, String slug, String status, Map<String, Object> limits,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    /** The view of a stored tenant. */
    public static TenantView of(TenantRow row) {
        return new TenantView(row.publicId(), row.name(), row.slug(), row.status(), row.limits(), row.createdAt(),
                row.updatedAt());
    }
}
