package io.fieldline.gateway.tenant.api;

import java.util.Map;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/v1/tenants}.
 *
 * @param slug lowercase letters, digits and dashes, 2 to 63 characters, not starting with a dash
 * @param status {@code active} (default) or {@code suspended}
 * @param limits free-form limits of the tenant, a JSON object (default {@code {}})
 */
public record TenantCreate(
        @NotNull(message = REQUIRED) @Size(min = 1, max = 100, message = NAME_SIZE) String name,
        @NotNull(message = REQUIRED) @Pattern(regexp = SLUG, message = SLUG_MESSAGE) String slug,
        @Pattern(regexp = STATUS, message = STATUS_MESSAGE) String status,
        Map<String, Object> limits) {

    static final String REQUIRED = "Field required";
    static final String NAME_SIZE = "String should have {min} to {max} characters";
    static final String SLUG = "[a-z0-9][a-z0-9-]{1,62}";
    static final String SLUG_MESSAGE = "String should match pattern '" + SLUG + "'";
    static final String STATUS = "active|suspended";
    static final String STATUS_MESSAGE = "Input should be 'active' or 'suspended'";
}
