package io.fieldline.gateway.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.CredentialKind;
import io.fieldline.model.IdentityClaims;
import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The access tokens users get at login: RS256 JWTs for audience {@code fieldline-api}, short-lived, each with its own
 * {@code jti} so logout can revoke exactly that token. Authorization never trusts their role claim: the current
 * role is read from the database on every request.
 */
@ApplicationScoped
public class UserTokens {

    private final SigningKey signingKey;
    private final JWTParser parser;
    private final Duration lifetime;

    UserTokens(SigningKey signingKey, JWTParser parser,
            @ConfigProperty(name = "fieldline.identity.access-token-lifetime", defaultValue = "15M") Duration lifetime) {
        this.signingKey = signingKey;
        this.parser = parser;
        this.lifetime = lifetime;
    }

    /** A newly minted access token. */
    public record Minted(String token, String id, Instant expiresAt) {
    }

    /** How long access tokens live. */
    public Duration lifetime() {
        return lifetime;
    }

    /** Mints an access token for a user. */
    public Minted mint(String userPublicId, TenantId tenant, Role role) {
        String id = UUID.randomUUID().toString();
        Instant expiresAt = Instant.now().plus(lifetime);
        String token = Jwt.issuer(IdentityClaims.ISSUER)
                .audience(IdentityClaims.AUDIENCE_API)
                .subject(userPublicId)
                .upn(userPublicId)
                .claim("jti", id)
                .claim(IdentityClaims.TENANT, tenant.value())
                .claim(IdentityClaims.ROLE, role.wireName())
                .claim(IdentityClaims.CREDENTIAL_KIND, CredentialKind.USER.wireName())
                .expiresAt(expiresAt)
                .jws().algorithm(SignatureAlgorithm.RS256)
                .sign(signingKey.get());
        return new Minted(token, id, expiresAt);
    }

    /**
     * Verifies signature, issuer, audience and expiry.
     *
     * @throws AuthenticationFailure 401 "Invalid or expired token." otherwise
     */
    public JsonWebToken verify(String token) {
        try {
            JsonWebToken jwt = parser.parse(token);
            if (jwt.getSubject() == null || jwt.getTokenID() == null) {
                throw AuthenticationFailure.unauthorized("Invalid or expired token.");
            }
            return jwt;
        } catch (ParseException e) {
            throw AuthenticationFailure.unauthorized("Invalid or expired token.");
        }
    }
}
