package io.fieldline.ingest.event.api;

/** The event types of seed 000, as the pattern and message the request records validate them with. */
final class EventTypes {

    static final String PATTERN = "sensor|actuator|range|cmd_button|cmd_opened|cmd_closed";
    static final String MESSAGE = "Input should be 'sensor', 'actuator', 'range', 'cmd_button', 'cmd_opened' or "
            + "'cmd_closed'";

    private EventTypes() {
    }
}
