package io.fieldline.gateway.dashboard.service;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ServiceUnavailableException;

import io.fieldline.gateway.config.GatewayConfig;
import io.fieldline.gateway.identity.GatewayCaller;
import io.fieldline.gateway.identity.InternalTokens;
import io.fieldline.gateway.routing.ServiceRoute;
import io.fieldline.gateway.routing.ServiceRoutes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Asks ingest-service (which owns events) whether the caller's tenant has an event, so a widget never links to an
 * event the tenant cannot see. The caller's own internal identity token is used, so ingest applies its tenant scope.
 */
@ApplicationScoped
class EventCatalog {

    private final ServiceRoute ingest;
    private final InternalTokens tokens;
    private final HttpClient client;
    private final long timeoutMs;

    EventCatalog(Vertx vertx, GatewayConfig config, ServiceRoutes routes, InternalTokens tokens) {
        this.ingest = routes.resolve(ServiceRoutes.API_BASE + "events").orElseThrow();
        this.tokens = tokens;
        this.timeoutMs = config.connectTimeout().plus(config.health().timeout()).toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * Completes if the caller's tenant has the event.
     *
     * @throws NotFoundException (404, seed 000 "Event not found.") if it has not
     * @throws ServiceUnavailableException (503) if ingest-service did not answer clearly in time
     */
    Uni<Void> requireEvent(GatewayCaller caller, String eventPublicId) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(ingest.host())
                .setPort(ingest.port())
                .setURI(ServiceRoutes.API_BASE + "events/" + URLEncoder.encode(eventPublicId, StandardCharsets.UTF_8))
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.tokenFor(caller.caller()))
                .setIdleTimeout(timeoutMs);
        Future<Integer> status = client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode()));
        return Uni.createFrom().completionStage(status.toCompletionStage())
                .ifNoItem().after(Duration.ofMillis(timeoutMs)).fail()
                .onFailure().transform(failure -> unavailable())
                .map(code -> {
                    if (code == 200) {
                        return null;
                    }
                    if (code == 404) {
                        throw new NotFoundException("Event not found.");
                    }
                    throw unavailable();
                });
    }

    private ServiceUnavailableException unavailable() {
        return new ServiceUnavailableException("Cannot check the event: " + ingest.service() + " is unavailable.");
    }
}
