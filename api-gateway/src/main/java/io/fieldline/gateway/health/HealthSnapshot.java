package io.fieldline.gateway.health;

import java.time.Instant;
import java.util.Map;

/**
 * The result of one round of downstream checks.
 *
 * @param databaseUp whether the gateway's PostgreSQL answered
 * @param services readiness of each backend service, "UP" or "DOWN"
 * @param lastDatapoint time of the newest stored datapoint, or null while unknown
 */
record HealthSnapshot(boolean databaseUp, Map<String, String> services, Instant lastDatapoint) {

    static final String UP = "UP";
    static final String DOWN = "DOWN";

    HealthSnapshot {
        services = Map.copyOf(services);
    }

    /** Overall status word of {@code /health} when healthy. */
    static final String OK = "ok";
    /** Overall status word of {@code /health} otherwise (seed 000). */
    static final String DEGRADED = "degraded";

    /** Healthy when the database answers and every service is ready. */
    boolean ok() {
        return databaseUp && services.values().stream().allMatch(UP::equals);
    }

    /** {@link #OK} or {@link #DEGRADED}, as {@code /health} reports it. */
    String status() {
        return ok() ? OK : DEGRADED;
    }
}
