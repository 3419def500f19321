package io.fieldline.model;

/**
 * The internal identity token (DESIGN.md §3): a short-lived JWT the gateway signs (RS256) before it forwards a
 * request, and every service verifies. Its registered claims are {@code iss} = {@link #ISSUER}, {@code aud} =
 * {@link #AUDIENCE_INTERNAL}, {@code sub} = the caller's public id, {@code exp}, {@code iat} and {@code jti}; the
 * constants below name the private claims.
 */
public final class IdentityClaims {

    /** {@code iss} of every token the gateway signs. */
    public static final String ISSUER = "fieldline-gateway";
    /** {@code aud} of internal identity tokens, accepted only by services. */
    public static final String AUDIENCE_INTERNAL = "fieldline-internal";
    /** {@code aud} of user tokens the gateway hands to clients, accepted only by the gateway. */
    public static final String AUDIENCE_API = "fieldline-api";

    /** The tenant id (Hono's {@code tid}); absent only for a superadmin acting on the platform. */
    public static final String TENANT = "tid";
    /** The role name, see {@link Role#wireName()}. */
    public static final String ROLE = "role";
    /** The named permissions granted, a JSON array of strings. */
    public static final String PERMISSIONS = "perms";
    /** How the caller authenticated, see {@link CredentialKind}. */
    public static final String CREDENTIAL_KIND = "cred";
    /** MicroProfile JWT {@code groups}: holds the role name so {@code @RolesAllowed} works. */
    public static final String GROUPS = "groups";
    /** The request id the gateway assigned, for correlated logs. */
    public static final String REQUEST_ID = "rid";

    private IdentityClaims() {
    }
}
