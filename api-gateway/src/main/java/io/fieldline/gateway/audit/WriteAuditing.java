package io.fieldline.gateway.audit;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.gateway.identity.GatewayCaller;
import io.fieldline.gateway.protection.ClientAddress;
import io.fieldline.support.http.RequestIds;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Audits every write through the gateway ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE} under
 * {@code /api/}), including the ones authentication refuses. Telemetry intake ({@code POST /api/v1/datapoints} and
 * {@code /batch}) is the exception: it is data, not a change to the platform, and is recorded only when refused
 * (401/403) unless {@code fieldline.audit.record-intake} is set. The record is taken once the response has ended and
 * only queued, so auditing never delays a response.
 */
@ApplicationScoped
public class WriteAuditing {

    static final String API_PREFIX = "/api/";
    // After rate limiting (a flood of refused requests is not audited one by one), before authentication (80_000),
    // so authentication's refusals are audited too.
    private static final int PRIORITY = 85_000;
    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    // Login audits itself, with the account's tenant and actor, which this filter cannot know.
    private static final Set<String> SELF_AUDITED = Set.of("/api/v1/auth/login");
    // A record per accepted datapoint request would grow the trail at the ingest rate and compete with the records
    // of real changes for the bounded audit queue.
    private static final Set<String> INTAKE = Set.of("/api/v1/datapoints", "/api/v1/datapoints/batch");

    private final AuditTrail trail;
    private final boolean recordIntake;

    WriteAuditing(AuditTrail trail,
            @ConfigProperty(name = "fieldline.audit.record-intake", defaultValue = "false") boolean recordIntake) {
        this.trail = trail;
        this.recordIntake = recordIntake;
    }

    void register(@Observes Filters filters) {
        filters.register(this::audit, PRIORITY);
    }

    private void audit(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        HttpMethod method = ctx.request().method();
        if (path.startsWith(API_PREFIX) && WRITES.contains(method) && !SELF_AUDITED.contains(path)) {
            String action = ActionTemplates.action(method.name(), path);
            String target = ActionTemplates.target(path);
            String clientIp = clientIp(ctx);
            boolean refusalsOnly = !recordIntake && INTAKE.contains(path);
            ctx.addEndHandler(ended -> {
                // The caller is known only once authentication (a later filter) has run; null if it refused.
                GatewayCaller caller = GatewayCaller.of(ctx);
                String outcome = ended.succeeded()
                        ? ActionTemplates.outcome(ctx.response().getStatusCode())
                        : AuditRecord.FAILURE;
                if (refusalsOnly && !AuditRecord.DENIED.equals(outcome)) {
                    return;
                }
                trail.record(new AuditRecord(caller == null ? null : caller.tenantRowId(),
                        caller == null ? null : caller.subject(), credentialKind(caller), action, target, outcome,
                        clientIp, RequestIds.of(ctx)));
            });
        }
        ctx.next();
    }

    /** The client's address, honouring X-Forwarded-For only from trusted proxies. */
    static String clientIp(RoutingContext ctx) {
        return ClientAddress.of(ctx);
    }

    private static String credentialKind(GatewayCaller caller) {
        return caller == null || caller.caller().credential() == null
                ? null
                : caller.caller().credential().wireName();
    }
}
