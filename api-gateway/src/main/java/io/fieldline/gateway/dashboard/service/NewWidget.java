package io.fieldline.gateway.dashboard.service;

/** What a new widget is made of (already validated by the API layer; defaults applied). */
public record NewWidget(String widgetType, String title, String eventPublicId, int x, int y, int w, int h,
        String configJson) {
}
