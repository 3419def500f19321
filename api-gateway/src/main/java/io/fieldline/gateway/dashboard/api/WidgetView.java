package io.fieldline.gateway.dashboard.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fieldline.gateway.dashboard.store.WidgetRow;

/** A widget as the API shows it (seed 000 fields). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WidgetView(String publicId, String widgetType, String title, String eventPublicId, int x, int y, int w,
        int h, String configJson) {

    static WidgetView of(WidgetRow row) {
        return new WidgetView(row.publicId(), row.widgetType(), row.title(), row.eventPublicId(), row.x(), row.y(),
                row.w(), row.h(), row.configJson());
    }
}
