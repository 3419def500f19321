package io.fieldline.support.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.model.ErrorBody;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose declared Content-Length exceeds {@code quarkus.http.limits.max-body-size} with 413 and
 * the error body, before any of it is read. (Quarkus would refuse it too, but with an empty body; bodies without a
 * length are cut off while they are read.)
 */
@ApplicationScoped
public class BodyLimit {

    // After RequestIds, before everything else.
    private static final int PRIORITY = 95_000;

    private final long maxBytes;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBytes = maxBodySize.asLongValue();
    }

    /** The largest body accepted, in bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > maxBytes) {
            // The body is not read; closing the connection keeps its rest from being parsed as a next request.
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            ErrorResponses.end(ctx.response(), ErrorBody.of(413, "Request body too large (limit " + maxBytes
                    + " bytes)"));
            return;
        }
        ctx.next();
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
