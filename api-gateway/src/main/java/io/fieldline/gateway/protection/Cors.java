package io.fieldline.gateway.protection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.model.ErrorBody;
import io.fieldline.support.http.ErrorResponses;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Cross-origin resource sharing for browsers: answers preflights itself (204 for an allowed origin, 403 otherwise)
 * before rate limits and authentication, and adds the CORS headers to every response for an allowed origin, errors
 * such as 401 and 429 included. A wildcard origin with credentials stops the gateway at start.
 */
@ApplicationScoped
public class Cors {

    // After RequestIds, SecurityHeaders and ClientAddress; before BodyLimit, so even a 413 carries CORS headers.
    private static final int PRIORITY = 97_000;

    private final CorsPolicy policy;

    Cors(ProtectionConfig config) {
        this.policy = new CorsPolicy(config.cors());
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            ctx.next();
            return;
        }
        boolean allowed = policy.allows(origin);
        if (isPreflight(request)) {
            if (!allowed) {
                ErrorResponses.end(ctx.response(), ErrorBody.of(403, "CORS origin not allowed."));
                return;
            }
            MultiMap headers = ctx.response().headers();
            allowOrigin(headers, origin);
            headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, policy.methods)
                    .set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, policy.headers)
                    .set(HttpHeaders.ACCESS_CONTROL_MAX_AGE, policy.maxAgeSeconds);
            ctx.response().setStatusCode(204).end();
            return;
        }
        if (policy.enabled()) {
            ctx.addHeadersEndHandler(ignored -> {
                MultiMap headers = ctx.response().headers();
                if (allowed) {
                    allowOrigin(headers, origin);
                    headers.set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, policy.exposedHeaders);
                } else {
                    headers.add(HttpHeaders.VARY, "Origin");
                }
            });
        }
        ctx.next();
    }

    private void allowOrigin(MultiMap headers, String origin) {
        if (policy.anyOrigin()) {
            headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, CorsPolicy.WILDCARD);
            return;
        }
        headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.add(HttpHeaders.VARY, "Origin");
        if (policy.allowCredentials) {
            headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
    }

    private static boolean isPreflight(HttpServerRequest request) {
        return request.method() == HttpMethod.OPTIONS
                && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
    }
}
