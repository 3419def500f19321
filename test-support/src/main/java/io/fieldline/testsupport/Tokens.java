package io.fieldline.testsupport;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.fieldline.model.CredentialKind;
import io.fieldline.model.IdentityClaims;
import io.fieldline.model.Permission;
import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/** Mints RS256 JWTs shaped like the gateway's: internal identity tokens for services, user tokens for the gateway. */
public final class Tokens {

    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private final IdentityKeys keys;

    /** Signs with the private key of {@code keys}. */
    public Tokens(IdentityKeys keys) {
        this.keys = keys;
    }

    /** Signs with {@link IdentityKeys#forTests()}, the pair {@link IdentityResource} configures. */
    public static Tokens forTests() {
        return new Tokens(IdentityKeys.forTests());
    }

    /** {@code t-} and 12 random lowercase hex digits. */
    public static TenantId randomTenant() {
        return TenantId.of("t-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    /** An internal identity token (aud {@code fieldline-internal}) for a fresh user of {@code tenant}. */
    public MintedIdentity internal(TenantId tenant, Role role) {
        return identity(tenant, role, IdentityClaims.AUDIENCE_INTERNAL);
    }

    /** A user token (aud {@code fieldline-api}), the kind the gateway accepts, for a fresh user of {@code tenant}. */
    public MintedIdentity user(TenantId tenant, Role role) {
        return identity(tenant, role, IdentityClaims.AUDIENCE_API);
    }

    /**
     * Signs arbitrary claims, for negative tests. Sets iss, aud, iat, exp = now + {@code lifetime} (negative for an
     * expired token) and jti first; entries of {@code claims} then override them.
     */
    public String sign(Map<String, Object> claims, String audience, Duration lifetime) {
        JwtClaims jwt = new JwtClaims();
        NumericDate now = NumericDate.now();
        jwt.setIssuer(IdentityClaims.ISSUER);
        jwt.setAudience(audience);
        jwt.setIssuedAt(now);
        jwt.setExpirationTime(NumericDate.fromSeconds(now.getValue() + lifetime.toSeconds()));
        jwt.setJwtId(UUID.randomUUID().toString());
        claims.forEach(jwt::setClaim);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(jwt.toJson());
        jws.setKey(keys.privateKey());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot sign token", e);
        }
    }

    private MintedIdentity identity(TenantId tenant, Role role, String audience) {
        String subject = UUID.randomUUID().toString();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject);
        claims.put("upn", subject);
        claims.put(IdentityClaims.TENANT, tenant.value());
        claims.put(IdentityClaims.ROLE, role.wireName());
        claims.put(IdentityClaims.GROUPS, List.of(role.wireName()));
        claims.put(IdentityClaims.PERMISSIONS, List.copyOf(Permission.namesForRole(role)));
        claims.put(IdentityClaims.CREDENTIAL_KIND, CredentialKind.USER.wireName());
        return new MintedIdentity(tenant, subject, role, sign(claims, audience, LIFETIME));
    }
}
