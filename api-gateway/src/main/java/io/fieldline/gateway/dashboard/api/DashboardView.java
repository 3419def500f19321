package io.fieldline.gateway.dashboard.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fieldline.gateway.dashboard.service.DashboardWithWidgets;

/** A dashboard with its widgets as the API shows it (seed 000 fields). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DashboardView(String publicId, String name, boolean isGlobal, Instant createdOn, String userPublicId,
        List<WidgetView> widgets) {

    static DashboardView of(DashboardWithWidgets found) {
        var d = found.dashboard();
        return new DashboardView(d.publicId(), d.name(), d.isGlobal(), d.createdOn(), d.userPublicId(),
                found.widgets().stream().map(WidgetView::of).toList());
    }
}
