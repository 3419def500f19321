package io.fieldline.ota;

import jakarta.ws.rs.WebApplicationException;

import io.fieldline.model.ErrorBody;
import io.fieldline.ota.artifact.HashingWriter;
import io.fieldline.support.http.ErrorResponses;
import io.fieldline.support.http.ValidationFailure;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/** Ends a plain Vert.x route's response with the error body that the JAX-RS exception mappers would give. */
public final class RouteFailures {

    private static final Logger LOG = Logger.getLogger(RouteFailures.class);

    private RouteFailures() {
    }

    public static void end(RoutingContext ctx, Throwable failure) {
        ErrorResponses.end(ctx.response(), body(ctx, failure));
    }

    private static ErrorBody body(RoutingContext ctx, Throwable failure) {
        if (failure instanceof WebApplicationException web) {
            if (web.getResponse().getEntity() instanceof ErrorBody body) {
                return body;
            }
            int status = web.getResponse().getStatus();
            return ErrorBody.of(status, web.getMessage() == null || web.getMessage().startsWith("HTTP ")
                    ? ErrorResponses.reason(status)
                    : web.getMessage());
        }
        if (failure instanceof UnauthorizedException || failure instanceof AuthenticationFailedException) {
            return ErrorBody.of(401, "Not authenticated");
        }
        if (failure instanceof ValidationFailure invalid) {
            return invalid.toErrorBody();
        }
        if (failure instanceof HashingWriter.TooLarge) {
            // The rest of the body is not read: close the connection after the answer.
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            return ErrorBody.of(413, failure.getMessage());
        }
        LOG.error("Unhandled error", failure);
        return ErrorBody.of(500, "Internal server error");
    }
}
