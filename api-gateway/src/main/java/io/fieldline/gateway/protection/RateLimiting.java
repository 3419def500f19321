package io.fieldline.gateway.protection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.model.ErrorBody;
import io.fieldline.support.http.ErrorResponses;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses {@code /api/} and {@code /ws} requests over a rate limit with 429, the error body and {@code Retry-After}
 * (seconds until the window frees). It runs before authentication, so brute force never reaches the database.
 * {@code /health}, {@code /q/*} and every other path are never limited. Limits are per gateway replica.
 */
@ApplicationScoped
public class RateLimiting {

    // After request ids, CORS and body limits; before CredentialRequired (90_000) and GatewayAuthentication.
    private static final int PRIORITY = 92_000;
    private static final String MESSAGE = "Too many requests. Please try again later.";

    private final boolean enabled;
    private final String authPrefix;
    private final RateLimits limits;

    RateLimiting(ProtectionConfig config) {
        this.enabled = config.rateLimit().enabled();
        this.authPrefix = config.rateLimit().authPrefix();
        // Monotonic milliseconds: a wall-clock jump must not reset or stretch windows.
        this.limits = new RateLimits(config.rateLimit(), () -> System.nanoTime() / 1_000_000);
    }

    void register(@Observes Filters filters) {
        if (enabled) {
            filters.register(this::check, PRIORITY);
        }
    }

    private void check(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!isLimited(path)) {
            ctx.next();
            return;
        }
        long waitMillis = limits.acquire(ClientAddress.of(ctx), path.startsWith(authPrefix),
                ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (waitMillis == 0) {
            ctx.next();
            return;
        }
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString((waitMillis + 999) / 1000));
        ErrorResponses.end(ctx.response(), ErrorBody.of(429, MESSAGE));
    }

    static boolean isLimited(String path) {
        return path.startsWith("/api/") || path.equals("/api") || path.equals("/ws") || path.startsWith("/ws/");
    }
}
