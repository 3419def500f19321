package io.fieldline.rules.incident.service;

import java.time.Instant;
import java.util.Set;

import io.fieldline.model.IncidentStatus;
import io.fieldline.model.IncidentTransition;
import io.fieldline.model.Permission;

/**
 * An operator's transition of an incident (seed 002): from which statuses it is allowed, what it leads to and which
 * permission it needs.
 *
 * @param until the shelf's expiry (shelve only)
 */
public record ManualAction(IncidentTransition transition, String note, Instant until) {

    static final Set<IncidentStatus> OPEN = Set.of(IncidentStatus.ACTIVE, IncidentStatus.ACKNOWLEDGED,
            IncidentStatus.SHELVED);

    /** Acknowledge an active incident. */
    public static ManualAction acknowledge(String note) {
        return new ManualAction(IncidentTransition.ACKNOWLEDGED, note, null);
    }

    /** Shelve an active or acknowledged incident until the instant. */
    public static ManualAction shelve(String note, Instant until) {
        return new ManualAction(IncidentTransition.SHELVED, note, until);
    }

    /** Lift a shelf. */
    public static ManualAction unshelve(String note) {
        return new ManualAction(IncidentTransition.UNSHELVED, note, null);
    }

    /** Resolve an open incident. */
    public static ManualAction resolve(String note) {
        return new ManualAction(IncidentTransition.RESOLVED, note, null);
    }

    Permission permission() {
        return switch (transition) {
            case SHELVED, UNSHELVED -> Permission.SHELVE_ALARM;
            default -> Permission.ACKNOWLEDGE_ALARMS;
        };
    }

    boolean allowedFrom(IncidentStatus status) {
        return switch (transition) {
            case ACKNOWLEDGED -> status == IncidentStatus.ACTIVE;
            case SHELVED -> status == IncidentStatus.ACTIVE || status == IncidentStatus.ACKNOWLEDGED;
            case UNSHELVED -> status == IncidentStatus.SHELVED;
            case RESOLVED -> OPEN.contains(status);
            default -> false;
        };
    }
}
