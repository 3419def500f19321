package io.fieldline.gateway.dashboard.store;

/**
 * A widget as stored.
 *
 * @param dashboardId internal id of the dashboard it is on
 */
public record WidgetRow(long dashboardId, String publicId, String widgetType, String title, String eventPublicId,
        int x, int y, int w, int h, String configJson) {
}
