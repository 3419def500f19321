package io.fieldline.ota.rollout.service;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.ClientErrorException;

/** Rollout and device statuses, and which moves operators and devices may make. */
public final class RolloutStatus {

    public static final String RUNNING = "running";
    public static final String PAUSED = "paused";
    public static final String COMPLETED = "completed";
    public static final String CANCELLED = "cancelled";
    public static final String ROLLED_BACK = "rolled_back";

    public static final String SCHEDULED = "scheduled";
    public static final String PENDING = "pending";
    public static final String DOWNLOADING = "downloading";
    public static final String VERIFYING = "verifying";
    public static final String APPLYING = "applying";
    public static final String FAILED = "failed";
    public static final String ROLLBACK_REQUESTED = "rollback_requested";

    /** The statuses a device may report. */
    public static final List<String> REPORTABLE = List.of(DOWNLOADING, VERIFYING, APPLYING, COMPLETED, FAILED,
            ROLLED_BACK);

    // Progress of an update: a device moves forward only (it may skip steps it has no use for).
    private static final Map<String, Integer> RANK = Map.of(PENDING, 0, DOWNLOADING, 1, VERIFYING, 2, APPLYING, 3,
            COMPLETED, 4);

    private RolloutStatus() {
    }

    /** Whether a device in {@code from} may report {@code to} (a repeat of its status is checked separately). */
    public static boolean deviceMayMove(String from, String to) {
        if (ROLLBACK_REQUESTED.equals(from)) {
            return ROLLED_BACK.equals(to) || FAILED.equals(to);
        }
        Integer current = RANK.get(from);
        if (current == null || COMPLETED.equals(from)) {
            return false;
        }
        return FAILED.equals(to) || RANK.containsKey(to) && RANK.get(to) > current;
    }

    /** Whether a device status still expects work (it can time out and blocks completion). */
    public static boolean isActive(String deviceStatus) {
        return RANK.containsKey(deviceStatus) && !COMPLETED.equals(deviceStatus);
    }

    /** 409 with seed 000's transition message. */
    public static ClientErrorException illegal(String from, String to) {
        return new ClientErrorException("Cannot transition from '" + from + "' to '" + to + "'", 409);
    }
}
