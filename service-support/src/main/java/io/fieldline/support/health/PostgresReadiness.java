package io.fieldline.support.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while PostgreSQL answers {@code SELECT 1} within the probe timeout. */
@Readiness
@ApplicationScoped
public class PostgresReadiness implements AsyncHealthCheck {

    private final Pool pool;
    private final Duration timeout;

    PostgresReadiness(Pool pool, @ConfigProperty(name = "fieldline.health.probe-timeout") Duration timeout) {
        this.pool = pool;
        this.timeout = timeout;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query("SELECT 1").execute()
                .ifNoItem().after(timeout).fail()
                .map(rows -> HealthCheckResponse.up("postgresql"))
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("postgresql").down()
                        .withData("error", String.valueOf(e.getMessage())).build());
    }
}
