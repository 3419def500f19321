package io.fieldline.gateway.identity;

import java.time.Instant;
import java.util.Set;

import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import io.fieldline.support.identity.Caller;
import io.vertx.ext.web.RoutingContext;

/**
 * The authenticated caller at the gateway: what services will be told ({@link #caller()}), plus what only the gateway
 * needs (internal row ids, the presented token's id and expiry, an API token's scopes).
 *
 * @param userId internal id of the user (never leaves the gateway)
 * @param tenantRowId internal id of the tenant
 * @param tokenId the access token's {@code jti}, or the API token's public id
 * @param expiresAt when the presented credential expires, or null if never
 * @param credentialKey a stable key of the presented credential (for per-credential rate limits), never the secret
 */
public record GatewayCaller(Caller caller, long userId, long tenantRowId, String tokenId, Instant expiresAt,
        String credentialKey) {

    /** The routing-context key under which the authenticated caller is kept. */
    public static final String KEY = "fieldline.caller";

    /** The user's public id. */
    public String subject() {
        return caller.subject();
    }

    /** The user's tenant. */
    public TenantId tenant() {
        return caller.tenant();
    }

    /** The user's current role. */
    public Role role() {
        return caller.role();
    }

    /** The permissions granted (narrowed by an API token's scopes). */
    public Set<String> permissions() {
        return caller.permissions();
    }

    /** The caller of a request that passed authentication, or null for a public path. */
    public static GatewayCaller of(RoutingContext ctx) {
        return ctx.get(KEY);
    }
}
