package io.fieldline.gateway.health;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /health} in the seed 000 shape, plus each service's readiness. No authentication; always HTTP 200 (the
 * state is in the body, as the seed does); always quick, because it reads the monitor's latest result.
 */
@Path("/health")
public class HealthResource {

    private final HealthMonitor monitor;
    private final String version;

    HealthResource(HealthMonitor monitor, io.fieldline.gateway.config.GatewayConfig config) {
        this.monitor = monitor;
        this.version = config.health().version();
    }

    /** The health document. */
    public record Health(
            String status,
            String version,
            String database,
            @JsonProperty("last_datapoint") Instant lastDatapoint,
            @JsonProperty("uptime_seconds") double uptimeSeconds,
            Map<String, String> services) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Health health() {
        HealthSnapshot snapshot = monitor.latest();
        double uptime = Math.round(ManagementFactory.getRuntimeMXBean().getUptime() / 100.0) / 10.0;
        return new Health(snapshot.status(), version, snapshot.databaseUp() ? "ok" : "error",
                snapshot.lastDatapoint(), uptime, snapshot.services());
    }
}
