package io.fieldline.rules.rule.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Response;

import io.fieldline.model.PublicIds;
import io.fieldline.rules.RulesConfig;
import io.fieldline.support.http.ErrorResponses;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import org.jboss.logging.Logger;

/**
 * Asks ingest-service (which owns events) whether an event exists in the caller's tenant, forwarding the caller's
 * identity token so ingest-service scopes the lookup exactly as it would the caller's own request.
 */
@ApplicationScoped
public class EventDirectory {

    private static final Logger LOG = Logger.getLogger(EventDirectory.class);

    private final HttpClient client;
    private final RulesConfig config;
    private final String base;

    EventDirectory(Vertx vertx, RulesConfig config) {
        this.client = vertx.createHttpClient();
        this.config = config;
        this.base = config.ingestUrl().endsWith("/")
                ? config.ingestUrl().substring(0, config.ingestUrl().length() - 1)
                : config.ingestUrl();
    }

    /**
     * Emits whether the event exists for the caller; fails with 503 when ingest-service does not answer within
     * {@code fieldline.rules.ingest-timeout} or answers with an error.
     */
    public Uni<Boolean> exists(String authorization, String eventPublicId) {
        if (!PublicIds.isWellFormed(eventPublicId)) {
            return Uni.createFrom().item(false);
        }
        long timeoutMs = config.ingestTimeout().toMillis();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(base + "/api/v1/events/" + eventPublicId)
                .setTimeout(timeoutMs).setConnectTimeout(timeoutMs);
        if (authorization != null) {
            options.putHeader("Authorization", authorization);
        }
        return client.request(options)
                .flatMap(request -> request.send())
                .flatMap(response -> response.body().replaceWith(response))
                .ifNoItem().after(config.ingestTimeout()).fail()
                .onFailure().transform(e -> {
                    LOG.warnf("ingest-service did not answer about event %s: %s", eventPublicId, e.toString());
                    return unavailable();
                })
                .map(EventDirectory::found);
    }

    private static boolean found(HttpClientResponse response) {
        return switch (response.statusCode()) {
            case 200 -> true;
            case 404 -> false;
            default -> {
                LOG.warnf("ingest-service answered %d about an event", response.statusCode());
                throw unavailable();
            }
        };
    }

    private static ServiceUnavailableException unavailable() {
        Response response = Response.fromResponse(ErrorResponses.of(503,
                "Event directory (ingest-service) unavailable; the rule was not saved. Try again later."))
                .header("Retry-After", "5").build();
        return new ServiceUnavailableException(response);
    }
}
