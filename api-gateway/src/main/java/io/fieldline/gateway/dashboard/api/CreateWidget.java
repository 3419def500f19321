package io.fieldline.gateway.dashboard.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /api/v1/dashboards/{id}/widgets} (seed 000): type, title 1..255, an optional event, grid
 * position x, y (default 0; Fieldline refuses negative ones) and size w (default 4), h (default 3), each 1..12, and an
 * optional opaque {@code config_json} string.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateWidget(
        @NotNull(message = "Field required") @Pattern(regexp = WidgetRules.TYPES, message = WidgetRules.TYPE_MESSAGE) String widgetType,
        @NotNull(message = "Field required") @Size(min = 1, message = "String should have at least 1 character") @Size(max = 255, message = "String should have at most 255 characters") String title,
        @Size(max = 255, message = "String should have at most 255 characters") String eventPublicId,
        @Min(value = 0, message = "Input should be greater than or equal to 0") @Max(value = WidgetRules.MAX_POSITION, message = WidgetRules.MAX_POSITION_MESSAGE) Integer x,
        @Min(value = 0, message = "Input should be greater than or equal to 0") @Max(value = WidgetRules.MAX_POSITION, message = WidgetRules.MAX_POSITION_MESSAGE) Integer y,
        @Min(value = 1, message = "Input should be greater than or equal to 1") @Max(value = 12, message = "Input should be less than or equal to 12") Integer w,
        @Min(value = 1, message = "Input should be greater than or equal to 1") @Max(value = 12, message = "Input should be less than or equal to 12") Integer h,
        @Size(max = WidgetRules.MAX_CONFIG, message = WidgetRules.MAX_CONFIG_MESSAGE) String configJson) {
}
