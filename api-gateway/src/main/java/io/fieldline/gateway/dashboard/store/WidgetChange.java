package io.fieldline.gateway.dashboard.store;

/**
 * A partial change of a widget: a null field stays as it is, except the event link, which changes whenever
 * {@code setEvent} is true (to null too, which clears it).
 */
public record WidgetChange(String title, boolean setEvent, String eventPublicId, Integer x, Integer y, Integer w,
        Integer h, String configJson) {
}
