package io.fieldline.model;

/** The activity types known to the platform (seed 000 webhook event types plus Fieldline's). */
public final class ActivityTypes {

    public static final String EXPERIMENT_STARTED = "experiment.started";
    public static final String EXPERIMENT_STOPPED = "experiment.stopped";
    public static final String SYSTEM_HEALTH_CHANGED = "system.health_changed";
    public static final String EVENT_DELETED = "event.deleted";
    public static final String WEBHOOK_DISABLED = "webhook.disabled";

    private ActivityTypes() {
    }
}
