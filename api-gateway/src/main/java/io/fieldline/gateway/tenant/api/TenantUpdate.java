package io.fieldline.gateway.tenant.api;

import static io.fieldline.gateway.tenant.api.TenantCreate.NAME_SIZE;
import static io.fieldline.gateway.tenant.api.TenantCreate.STATUS;
import static io.fieldline.gateway.tenant.api.TenantCreate.STATUS_MESSAGE;

import java.util.Map;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code PUT /api/v1/tenants/{id}}: every field optional, absent fields keep their value. */
public record TenantUpdate(
        @Size(min = 1, max = 100, message = NAME_SIZE) String name,
        @Pattern(regexp = STATUS, message = STATUS_MESSAGE) String status,
        Map<String, Object> limits) {
}
