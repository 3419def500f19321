package io.fieldline.gateway.dashboard.api;

import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code PUT /api/v1/dashboards/{id}}: absent fields stay. Unlike seed 000, an empty name is refused (422),
 * since a dashboard without a name cannot be picked from a list.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateDashboard(
        @Size(min = 1, message = "String should have at least 1 character") @Size(max = 255, message = "String should have at most 255 characters") String name,
        Boolean isGlobal) {
}
