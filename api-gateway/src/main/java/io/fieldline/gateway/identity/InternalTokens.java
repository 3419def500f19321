package io.fieldline.gateway.identity;

import java.security.PrivateKey;
import java.time.Duration;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import io.fieldline.gateway.config.GatewayConfig;
import io.fieldline.model.IdentityClaims;
import io.fieldline.support.identity.Caller;
import io.fieldline.support.reactive.InlineCaches;
import io.smallrye.jwt.build.Jwt;

/**
 * Mints the internal identity tokens (DESIGN.md §3) the gateway attaches to forwarded requests. Signing costs about
 * a millisecond of CPU, so a token is reused for the same caller for half its lifetime.
 */
@ApplicationScoped
public class InternalTokens {

    private final PrivateKey signingKey;
    private final Duration lifetime;
    private final Cache<Caller, String> recent;

    InternalTokens(GatewayConfig config, SigningKey signingKey) {
        this.signingKey = signingKey.get();
        this.lifetime = config.identityTokenLifetime();
        this.recent = InlineCaches.builder()
                .maximumSize(10_000)
                .expireAfterWrite(lifetime.dividedBy(2))
                .build();
    }

    /** A valid internal token for the caller. */
    public String tokenFor(Caller caller) {
        return recent.get(caller, this::sign);
    }

    private String sign(Caller caller) {
        var claims = Jwt.issuer(IdentityClaims.ISSUER)
                .audience(IdentityClaims.AUDIENCE_INTERNAL)
                .subject(caller.subject())
                .upn(caller.subject())
                .groups(Set.of(caller.role().wireName()))
                .claim(IdentityClaims.ROLE, caller.role().wireName())
                .claim(IdentityClaims.PERMISSIONS, caller.permissions())
                .claim(IdentityClaims.CREDENTIAL_KIND, caller.credential().wireName())
                .expiresIn(lifetime);
        if (caller.tenant() != null) {
            claims.claim(IdentityClaims.TENANT, caller.tenant().value());
        }
        return claims.jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign(signingKey);
    }
}
