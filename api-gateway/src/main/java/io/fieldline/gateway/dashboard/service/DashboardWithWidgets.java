package io.fieldline.gateway.dashboard.service;

import java.util.List;

import io.fieldline.gateway.dashboard.store.DashboardRow;
import io.fieldline.gateway.dashboard.store.WidgetRow;

/** A dashboard with its widgets, ordered by id. */
public record DashboardWithWidgets(DashboardRow dashboard, List<WidgetRow> widgets) {

    public DashboardWithWidgets {
        widgets = List.copyOf(widgets);
    }
}
