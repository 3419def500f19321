package io.fieldline.support.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.model.ErrorBody;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * Gives failures outside JAX-RS (authentication, body limits, plain Vert.x routes) and unknown paths the same error
 * body as everything else.
 */
@ApplicationScoped
public class RouteErrors {

    private static final Logger LOG = Logger.getLogger(RouteErrors.class);

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::onFailure);
        router.route().order(Integer.MAX_VALUE).handler(ctx -> ErrorResponses.end(ctx.response(),
                ErrorBody.of(404, ErrorResponses.reason(404))));
    }

    private void onFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        ErrorBody body;
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            body = ErrorBody.of(401, "Not authenticated");
        } else if (failure instanceof ForbiddenException) {
            body = ErrorBody.of(403, "Not enough permissions");
        } else if (failure == null && ctx.statusCode() >= 400) {
            body = ErrorBody.of(ctx.statusCode(), ErrorResponses.reason(ctx.statusCode()));
        } else {
            LOG.error("Unhandled route failure", failure);
            body = ErrorBody.of(500, "Internal server error");
        }
        ErrorResponses.end(ctx.response(), body);
    }
}
