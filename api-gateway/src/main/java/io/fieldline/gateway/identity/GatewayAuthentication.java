package io.fieldline.gateway.identity;

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
import org.jboss.logging.Logger;

/**
 * Authenticates every {@code /api} request before it reaches a resource or the proxy (public paths such as login
 * excepted), and keeps the {@link GatewayCaller} in the routing context. Refusals carry the error body and
 * {@code WWW-Authenticate: Bearer}.
 */
@ApplicationScoped
public class GatewayAuthentication {

    private static final Logger LOG = Logger.getLogger(GatewayAuthentication.class);
    // After request ids, body limits and rate limits; before every route.
    private static final int PRIORITY = 80_000;

    private final Authenticator authenticator;
    private final String protectedPrefix;
    private final List<String> publicPaths;

    GatewayAuthentication(Authenticator authenticator,
            @ConfigProperty(name = "fieldline.identity.protected-prefix") String protectedPrefix,
            @ConfigProperty(name = "fieldline.identity.public-paths") Optional<List<String>> publicPaths) {
        this.authenticator = authenticator;
        this.protectedPrefix = protectedPrefix;
        this.publicPaths = publicPaths.orElse(List.of());
    }

    void register(@Observes Filters filters) {
        filters.register(this::authenticate, PRIORITY);
    }

    private void authenticate(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!path.startsWith(protectedPrefix) || publicPaths.contains(path)) {
            ctx.next();
            return;
        }
        // Hold the body until we know who is sending it; resume() delivers it to the next handler.
        ctx.request().pause();
        authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)).subscribe().with(
                caller -> {
                    ctx.put(GatewayCaller.KEY, caller);
                    ctx.request().resume();
                    ctx.next();
                },
                failure -> {
                    ctx.request().resume();
                    ErrorResponses.end(ctx.response(), errorBody(failure));
                });
    }

    private static ErrorBody errorBody(Throwable failure) {
        if (failure instanceof AuthenticationFailure refused) {
            return refused.toErrorBody();
        }
        LOG.warn("Authentication could not be completed", failure);
        return ErrorBody.of(503, "Authentication is temporarily unavailable.");
    }
}
