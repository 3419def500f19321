package io.fieldline.gateway.protection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Adds the browser security headers to every response, errors and 404s included, and {@code Cache-Control: no-store}
 * to {@code /api/} responses that do not set their own caching.
 */
@ApplicationScoped
public class SecurityHeaders {

    // Right after RequestIds, so every response any later filter or route ends carries the headers.
    private static final int PRIORITY = 99_000;

    void register(@Observes Filters filters) {
        filters.register(this::decorate, PRIORITY);
    }

    private void decorate(RoutingContext ctx) {
        boolean api = ctx.normalizedPath().startsWith("/api/");
        // Applied as the headers are written: set() replaces what a proxied service may have sent.
        ctx.addHeadersEndHandler(ignored -> {
            MultiMap headers = ctx.response().headers();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
            headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
            if (api && !headers.contains(HttpHeaders.CACHE_CONTROL)) {
                headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
            }
        });
        ctx.next();
    }
}
