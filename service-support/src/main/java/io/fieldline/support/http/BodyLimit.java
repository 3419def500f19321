package io.fieldline.support.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.model.ErrorBody;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose declared Content-Length exceeds its limit with 413 and the error body, before any of it is
 * read. (Quarkus would refuse it too, but with an empty body; bodies without a length are cut off while they are
 * read.)
 * <p>
 * The limit is {@code quarkus.http.limits.max-body-size} (1 MB), except for paths matching a per-route override
 * {@code fieldline.http.body-limit.routes."<regex>"=<size>} (the regex must match the whole path; when several
 * match, the longest regex wins), e.g. {@code fieldline.http.body-limit.routes."/api/v1/ota/([^/]+/)?upload"=500M}.
 * Quarkus' own check of {@code max-body-size} runs at route order -2, so a route serving an override path must be
 * registered at {@link #OVERRIDE_ROUTE_ORDER} (after authentication and authorization, before that check) and must
 * enforce {@link #limitFor} itself on bodies without a Content-Length.
 */
@ApplicationScoped
public class BodyLimit {

    /** Route order for handlers of override paths: after Quarkus' security filters, before its body size check. */
    public static final int OVERRIDE_ROUTE_ORDER = -3;

    static final String ROUTES_PREFIX = "fieldline.http.body-limit.routes.";

    // After RequestIds, before everything else.
    private static final int PRIORITY = 95_000;

    private final long maxBytes;
    private final List<RouteLimit> overrides;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, Config config) {
        this.maxBytes = maxBodySize.asLongValue();
        this.overrides = overrides(config);
    }

    /** The default largest body accepted, in bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The largest body accepted on a path, in bytes: its override, else {@link #maxBytes()}. */
    public long limitFor(String path) {
        for (RouteLimit route : overrides) {
            if (path != null && route.pattern().matcher(path).matches()) {
                return route.bytes();
            }
        }
        return maxBytes;
    }

    /** Whether a per-route override applies to the path. */
    public boolean hasOverride(String path) {
        return path != null && overrides.stream().anyMatch(route -> route.pattern().matcher(path).matches());
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long limit = limitFor(ctx.request().path());
        if (length != null && declaredLength(length) > limit) {
            // The body is not read; closing the connection keeps its rest from being parsed as a next request.
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            ErrorResponses.end(ctx.response(), ErrorBody.of(413, "Request body too large (limit " + limit
                    + " bytes)"));
            return;
        }
        ctx.next();
    }

    private static List<RouteLimit> overrides(Config config) {
        List<RouteLimit> routes = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(ROUTES_PREFIX)) {
                String regex = name.substring(ROUTES_PREFIX.length());
                if (regex.length() > 1 && regex.startsWith("\"") && regex.endsWith("\"")) {
                    regex = regex.substring(1, regex.length() - 1);
                }
                routes.add(new RouteLimit(regex, Pattern.compile(regex),
                        config.getValue(name, MemorySize.class).asLongValue()));
            }
        }
        routes.sort(Comparator.comparingInt((RouteLimit r) -> r.regex().length()).reversed());
        return List.copyOf(routes);
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private record RouteLimit(String regex, Pattern pattern, long bytes) {
    }
}
