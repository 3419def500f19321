package io.fieldline.gateway.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.gateway.config.GatewayConfig;
import io.fieldline.gateway.routing.ServiceRoute;
import io.fieldline.gateway.routing.ServiceRoutes;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Checks the gateway's database and every service's readiness in the background, so {@code GET /health} always
 * answers at once from the latest result.
 */
@ApplicationScoped
public class HealthMonitor {

    private final Vertx vertx;
    private final Pool pool;
    private final List<ServiceRoute> services;
    private final Duration interval;
    private final Duration timeout;
    private final AtomicReference<HealthSnapshot> latest;
    private final AtomicBoolean measured = new AtomicBoolean();
    private HttpClient client;
    private long timerId = -1;

    HealthMonitor(Vertx vertx, Pool pool, ServiceRoutes routes, GatewayConfig config) {
        this.vertx = vertx;
        this.pool = pool;
        this.services = routes.services();
        this.interval = config.health().refreshInterval();
        this.timeout = config.health().timeout();
        Map<String, String> unknown = new LinkedHashMap<>();
        services.forEach(s -> unknown.put(s.service(), HealthSnapshot.DOWN));
        this.latest = new AtomicReference<>(new HealthSnapshot(false, unknown, null));
    }

    void start(@Observes StartupEvent event) {
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setKeepAlive(true));
        refresh();
        timerId = vertx.setPeriodic(interval.toMillis(), id -> refresh());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timerId);
        if (client != null) {
            client.close();
        }
    }

    /** The latest result. */
    HealthSnapshot latest() {
        return latest.get();
    }

    /** The latest result, or empty until the first round has finished (before it, every service reads DOWN). */
    Optional<HealthSnapshot> measured() {
        return measured.get() ? Optional.of(latest.get()) : Optional.empty();
    }

    private void refresh() {
        Uni<Boolean> database = pool.query("SELECT 1").execute()
                .ifNoItem().after(timeout).fail()
                .map(rows -> true)
                .onFailure().recoverWithItem(false);
        Uni<Map<String, String>> readiness = Uni.join().all(services.stream().map(this::readiness).toList())
                .andFailFast()
                .map(states -> {
                    Map<String, String> byService = new LinkedHashMap<>();
                    for (int i = 0; i < services.size(); i++) {
                        byService.put(services.get(i).service(), states.get(i));
                    }
                    return byService;
                });
        Uni.combine().all().unis(database, readiness).asTuple()
                .subscribe().with(
                        t -> {
                            latest.set(new HealthSnapshot(t.getItem1(), t.getItem2(), null));
                            measured.set(true);
                        },
                        failure -> latest.set(new HealthSnapshot(false, latest.get().services(), null)));
    }

    private Uni<String> readiness(ServiceRoute service) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(service.host())
                .setPort(service.port())
                .setURI("/q/health/ready")
                .setIdleTimeout(timeout.toMillis());
        Future<String> state = client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode() == 200
                        ? HealthSnapshot.UP
                        : HealthSnapshot.DOWN));
        return Uni.createFrom().completionStage(state.toCompletionStage())
                .onFailure().recoverWithItem(HealthSnapshot.DOWN);
    }
}
