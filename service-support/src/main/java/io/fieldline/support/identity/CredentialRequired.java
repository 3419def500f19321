package io.fieldline.support.identity;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.model.ErrorBody;
import io.fieldline.support.http.ErrorResponses;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers 401 with the error body at once when an API request carries no bearer credential. (Quarkus' own
 * challenge for an anonymous request has no body; a present but invalid token is handled by
 * {@link io.fieldline.support.http.RouteErrors}.)
 */
@ApplicationScoped
public class CredentialRequired {

    // After RequestIds (so the 401 has an id), before Quarkus' authentication.
    private static final int PRIORITY = 90_000;

    private final String protectedPrefix;
    private final List<String> publicPaths;

    CredentialRequired(@ConfigProperty(name = "fieldline.identity.protected-prefix") String protectedPrefix,
            @ConfigProperty(name = "fieldline.identity.public-paths") Optional<List<String>> publicPaths) {
        this.protectedPrefix = protectedPrefix;
        this.publicPaths = publicPaths.orElse(List.of());
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path.startsWith(protectedPrefix) && !publicPaths.contains(path) && !hasBearer(ctx)) {
            ErrorResponses.end(ctx.response(), ErrorBody.of(401, "Authentication required."));
            return;
        }
        ctx.next();
    }

    private static boolean hasBearer(RoutingContext ctx) {
        String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && authorization.length() > 7;
    }
}
