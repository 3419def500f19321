package io.fieldline.support.http;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

/**
 * Gives every response an {@code X-Request-ID} and puts it in the log context. A service behind the gateway keeps
 * the id the gateway assigned (so one id follows a request through every service); the gateway, facing clients,
 * always assigns a fresh one.
 */
@ApplicationScoped
public class RequestIds {

    /** The header name. */
    public static final String HEADER = "X-Request-ID";
    /** The routing-context key and MDC key under which the id is kept. */
    public static final String KEY = "requestId";

    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    // Runs before Quarkus' own security and routing filters, so even a 401 carries the id.
    private static final int PRIORITY = 100_000;

    private final boolean trustIncoming;

    RequestIds(@ConfigProperty(name = "fieldline.http.trust-incoming-request-id") boolean trustIncoming) {
        this.trustIncoming = trustIncoming;
    }

    void register(@Observes Filters filters) {
        filters.register(this::assign, PRIORITY);
    }

    private void assign(RoutingContext ctx) {
        String incoming = ctx.request().getHeader(HEADER);
        String id = trustIncoming && incoming != null && ACCEPTABLE.matcher(incoming).matches()
                ? incoming
                : UUID.randomUUID().toString();
        ctx.put(KEY, id);
        ctx.response().putHeader(HEADER, id);
        MDC.put(KEY, id);
        ctx.next();
    }

    /** The id of the request being handled. */
    public static String of(RoutingContext ctx) {
        return ctx.get(KEY);
    }
}
