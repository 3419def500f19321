package io.fieldline.gateway.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import io.fieldline.model.CredentialKind;
import io.fieldline.model.IdentityClaims;
import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import io.fieldline.support.reactive.InlineCaches;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * The access tokens users get at login: RS256 JWTs for audience {@code fieldline-api}, short-lived, each with its own
 * {@code jti} so logout can revoke exactly that token. Authorization never trusts their role claim: the current
 * role is checked on every request (in the database, or the {@link IdentityCache} that hears of every change).
 */
@ApplicationScoped
public class UserTokens {

    private final SigningKey signingKey;
    private final JwtConsumer consumer;
    private final Duration lifetime;
    // A client sends the same access token with every request; its RSA check and claim parsing were a third of a
    // proxied GET's CPU. The exact string that verified is remembered until it expires (revocation, role and tenant
    // status are still checked on every request).
    private final Cache<String, Verified> verified;

    UserTokens(SigningKey signingKey,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") String publicKeyLocation,
            @ConfigProperty(name = "fieldline.identity.access-token-lifetime", defaultValue = "15M") Duration lifetime)
            throws GeneralSecurityException, IOException {
        this.signingKey = signingKey;
        this.lifetime = lifetime;
        this.verified = InlineCaches.builder().maximumSize(10_000).expireAfterWrite(lifetime).build();
        // Built once: the key is parsed a single time and the consumer is thread-safe, so a verification costs only
        // the RSA check (the generic parser re-resolved its configuration on every call).
        String file = publicKeyLocation.startsWith("file:") ? publicKeyLocation.substring(5) : publicKeyLocation;
        this.consumer = new JwtConsumerBuilder()
                .setVerificationKey(KeyUtils.decodePublicKey(Files.readString(Path.of(file))))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedIssuer(IdentityClaims.ISSUER)
                .setExpectedAudience(IdentityClaims.AUDIENCE_API)
                .setRequireExpirationTime()
                .setRequireSubject()
                .setRequireJwtId()
                .build();
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
    public Verified verify(String token) {
        Verified known = verified.getIfPresent(token);
        if (known != null && known.expiresAt().isAfter(Instant.now())) {
            return known;
        }
        try {
            JwtClaims claims = consumer.processToClaims(token);
            Verified fresh = new Verified(claims.getSubject(), claims.getJwtId(),
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()));
            verified.put(token, fresh);
            return fresh;
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw AuthenticationFailure.unauthorized("Invalid or expired token.");
        }
    }

    /** What a verified access token says: whose it is, its id and its expiry. */
    public record Verified(String subject, String tokenId, Instant expiresAt) {
    }
}
