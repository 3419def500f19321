package io.fieldline.model;

/** The activity types known to the platform (seed 000 webhook event types plus Fieldline's). */
public final class ActivityTypes {

    public static final String EXPERIMENT_STARTED = "experiment.started";
    public static final String EXPERIMENT_STOPPED = "experiment.stopped";
    public static final String SYSTEM_HEALTH_CHANGED = "system.health_changed";
    public static final String EVENT_DELETED = "event.deleted";
    public static final String WEBHOOK_DISABLED = "webhook.disabled";

    /** Prefix of every rollout activity; the subject is the rollout's public id. */
    public static final String OTA_ROLLOUT_PREFIX = "ota.rollout.";
    public static final String OTA_ROLLOUT_CREATED = "ota.rollout.created";
    /** A group of a rollout started (data: group, devices). */
    public static final String OTA_ROLLOUT_GROUP_STARTED = "ota.rollout.group_started";
    public static final String OTA_ROLLOUT_PAUSED = "ota.rollout.paused";
    public static final String OTA_ROLLOUT_RESUMED = "ota.rollout.resumed";
    public static final String OTA_ROLLOUT_CANCELLED = "ota.rollout.cancelled";
    public static final String OTA_ROLLOUT_COMPLETED = "ota.rollout.completed";
    public static final String OTA_ROLLOUT_ROLLED_BACK = "ota.rollout.rolled_back";

    /** Prefix of every device update activity; the subject is the device id, data names the rollout. */
    public static final String OTA_DEVICE_PREFIX = "ota.device.";
    public static final String OTA_DEVICE_DOWNLOADING = "ota.device.downloading";
    public static final String OTA_DEVICE_VERIFYING = "ota.device.verifying";
    public static final String OTA_DEVICE_APPLYING = "ota.device.applying";
    public static final String OTA_DEVICE_COMPLETED = "ota.device.completed";
    /** A device's update failed (data: reason; "timeout" when it stopped reporting). */
    public static final String OTA_DEVICE_FAILED = "ota.device.failed";
    public static final String OTA_DEVICE_ROLLED_BACK = "ota.device.rolled_back";

    private ActivityTypes() {
    }
}
