package io.fieldline.gateway.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.fieldline.model.CredentialKind;
import io.fieldline.model.Permission;
import io.fieldline.support.identity.Caller;
import io.smallrye.mutiny.Uni;

/**
 * Turns an {@code Authorization} header into a {@link GatewayCaller}: an API token ({@code fl_…}) or a user access
 * token, checked against the database (or the {@link IdentityCache}, which hears of every change) so that the caller
 * acts with its current role, and fails with seed 000's messages otherwise.
 */
@ApplicationScoped
public class Authenticator {

    private static final String BEARER = "Bearer ";

    private final UserTokens userTokens;
    private final IdentityLookups lookups;
    private final IdentityCache cache;
    private final Instance<ApiTokenResolver> apiTokens;

    Authenticator(UserTokens userTokens, IdentityLookups lookups, IdentityCache cache,
            Instance<ApiTokenResolver> apiTokens) {
        this.userTokens = userTokens;
        this.lookups = lookups;
        this.cache = cache;
        this.apiTokens = apiTokens;
    }

    private record AccessTokenKey(String subject, String tokenId) {
    }

    /** The caller presenting the header, or a failed Uni with an {@link AuthenticationFailure}. */
    public Uni<GatewayCaller> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().failure(AuthenticationFailure.unauthorized("Authentication required."));
        }
        String credential = authorization.substring(BEARER.length()).trim();
        if (credential.startsWith(ApiTokenResolver.PREFIX)) {
            return apiTokens.isResolvable()
                    ? apiTokens.get().resolve(credential)
                    : Uni.createFrom().failure(AuthenticationFailure.unauthorized("Invalid API token."));
        }
        try {
            return userCaller(userTokens.verify(credential));
        } catch (AuthenticationFailure refused) {
            return Uni.createFrom().failure(refused);
        }
    }

    private Uni<GatewayCaller> userCaller(UserTokens.Verified jwt) {
        AccessTokenKey key = new AccessTokenKey(jwt.subject(), jwt.tokenId());
        return cache.<IdentityLookups.Account>get(key, () -> lookups.byUser(jwt.subject(), jwt.tokenId()))
                .map(found -> userCaller(jwt,
                        found.orElseThrow(() -> AuthenticationFailure.unauthorized("User not found."))));
    }

    private static GatewayCaller userCaller(UserTokens.Verified jwt, IdentityLookups.Account account) {
        if (account.tokenRevoked()) {
            throw AuthenticationFailure.unauthorized("Token has been revoked.");
        }
        requireActiveTenant(account);
        Caller caller = new Caller(account.userPublicId(), account.tenant(), account.role(),
                Permission.namesForRole(account.role()), CredentialKind.USER);
        return new GatewayCaller(caller, account.userId(), account.tenantRowId(), jwt.tokenId(), jwt.expiresAt(),
                "jwt:" + jwt.tokenId());
    }

    /**
     * Refuses every credential of a suspended tenant.
     *
     * @throws AuthenticationFailure 403 "Tenant is suspended."
     */
    public static void requireActiveTenant(IdentityLookups.Account account) {
        if (!account.tenantActive()) {
            throw new AuthenticationFailure(403, "Tenant is suspended.");
        }
    }
}
