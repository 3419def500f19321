package io.fieldline.gateway.dashboard.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of {@code POST /api/v1/dashboards}: a name of 1..255 characters, {@code is_global} false by default. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateDashboard(
        @NotNull(message = "Field required") @Size(min = 1, message = "String should have at least 1 character") @Size(max = 255, message = "String should have at most 255 characters") String name,
        Boolean isGlobal) {
}
