package io.fieldline.gateway.dashboard.api;

/** The bounds of a widget, shared by the create and update bodies. */
final class WidgetRules {

    /** The seed 000 widget types, as a pattern. */
    static final String TYPES = "line_chart|gauge|stat_card|actuator_toggle";
    static final String TYPE_MESSAGE = "Input should be 'line_chart', 'gauge', 'stat_card' or 'actuator_toggle'";
    /** Largest grid position: seed 000 takes any integer; Fieldline bounds it so a layout stays renderable. */
    static final int MAX_POSITION = 10_000;
    static final String MAX_POSITION_MESSAGE = "Input should be less than or equal to 10000";
    /** Longest {@code config_json} (characters); the seed has no bound, the request body limit would be the only one. */
    static final int MAX_CONFIG = 16_384;
    static final String MAX_CONFIG_MESSAGE = "String should have at most 16384 characters";
    /** Defaults of seed 000. */
    static final int DEFAULT_W = 4;
    static final int DEFAULT_H = 3;

    private WidgetRules() {
    }
}
