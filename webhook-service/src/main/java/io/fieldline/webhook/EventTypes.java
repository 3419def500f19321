package io.fieldline.webhook;

import java.util.List;
import java.util.Set;

import io.fieldline.model.IncidentTransition;

/**
 * The event types a subscription may name: seed 000's five, plus Fieldline's alarm lifecycle ({@code alarm.raised},
 * {@code alarm.acknowledged}, {@code alarm.shelved}, {@code alarm.unshelved}, {@code alarm.cleared},
 * {@code alarm.resolved}), one per {@link IncidentTransition}.
 */
public final class EventTypes {

    public static final String THRESHOLD_EXCEEDED = "sensor.threshold_exceeded";
    public static final String SENSOR_READING = "sensor.reading";
    public static final String EXPERIMENT_STARTED = "experiment.started";
    public static final String EXPERIMENT_STOPPED = "experiment.stopped";
    public static final String SYSTEM_HEALTH_CHANGED = "system.health_changed";
    /** Sent by {@code POST /webhooks/{id}/test} whatever the subscription's events. */
    public static final String TEST = "webhook.test";

    /** Every type a subscription may list, in documentation order. */
    public static final List<String> SUBSCRIBABLE = List.of(THRESHOLD_EXCEEDED, SENSOR_READING, EXPERIMENT_STARTED,
            EXPERIMENT_STOPPED, SYSTEM_HEALTH_CHANGED, "alarm.raised", "alarm.acknowledged", "alarm.shelved",
            "alarm.unshelved", "alarm.cleared", "alarm.resolved");

    private static final Set<String> KNOWN = Set.copyOf(SUBSCRIBABLE);

    private EventTypes() {
    }

    /** Whether a subscription may list the type. */
    public static boolean isSubscribable(String type) {
        return type != null && KNOWN.contains(type);
    }

    /** The alarm lifecycle type of a transition, e.g. {@code alarm.raised}. */
    public static String alarm(IncidentTransition transition) {
        return "alarm." + transition.name().toLowerCase(java.util.Locale.ROOT);
    }
}
