package io.fieldline.gateway.token.service;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.gateway.identity.ApiTokenResolver;
import io.fieldline.gateway.identity.AuthenticationFailure;
import io.fieldline.gateway.identity.Authenticator;
import io.fieldline.gateway.identity.GatewayCaller;
import io.fieldline.gateway.identity.IdentityCache;
import io.fieldline.gateway.identity.IdentityLookups;
import io.fieldline.gateway.token.store.TokenCredentials;
import io.fieldline.model.CredentialKind;
import io.fieldline.model.Permission;
import io.fieldline.support.identity.Caller;
import io.smallrye.mutiny.Uni;

/**
 * Resolves {@code Bearer fl_…} credentials: one query by the token's hash (or the {@link IdentityCache}) reads the
 * token with its owner's current role and its tenant's status; the caller gets the role's permissions narrowed by
 * the token's scopes.
 */
@ApplicationScoped
public class ApiTokenAuthenticator implements ApiTokenResolver {

    private final TokenCredentials credentials;
    private final IdentityCache cache;
    private final LastUsedRecorder lastUsed;

    ApiTokenAuthenticator(TokenCredentials credentials, IdentityCache cache, LastUsedRecorder lastUsed) {
        this.credentials = credentials;
        this.cache = cache;
        this.lastUsed = lastUsed;
    }

    private record TokenHashKey(String hash) {
    }

    @Override
    public Uni<GatewayCaller> resolve(String plaintext) {
        if (!TokenSecrets.isWellFormed(plaintext)) {
            return Uni.createFrom().failure(invalid());
        }
        String hash = TokenSecrets.hash(plaintext);
        return cache.<TokenCredentials.Credential>get(new TokenHashKey(hash), () -> credentials.byHash(hash))
                .map(found -> caller(found.orElseThrow(ApiTokenAuthenticator::invalid)));
    }

    private GatewayCaller caller(TokenCredentials.Credential token) {
        Instant now = Instant.now();
        if (token.expiresAt() != null && !token.expiresAt().isAfter(now)) {
            throw AuthenticationFailure.unauthorized("API token has expired.");
        }
        IdentityLookups.Account owner = token.account();
        Authenticator.requireActiveTenant(owner);
        lastUsed.record(token.id(), now);
        Caller caller = new Caller(owner.userPublicId(), owner.tenant(), owner.role(), permissions(owner, token),
                CredentialKind.API_TOKEN);
        return new GatewayCaller(caller, owner.userId(), owner.tenantRowId(), token.publicId(), token.expiresAt(),
                "api:" + token.publicId());
    }

    // Scopes only narrow: a scope the owner's current role lacks grants nothing.
    private static Set<String> permissions(IdentityLookups.Account owner, TokenCredentials.Credential token) {
        Set<String> granted = Permission.namesForRole(owner.role());
        if (token.scopes().isEmpty()) {
            return granted;
        }
        Set<String> narrowed = new HashSet<>(granted);
        narrowed.retainAll(token.scopes());
        return narrowed;
    }

    private static AuthenticationFailure invalid() {
        return AuthenticationFailure.unauthorized("Invalid API token.");
    }
}
