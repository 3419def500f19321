package io.fieldline.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.fieldline.model.IdentityClaims;
import io.fieldline.model.Permission;
import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {

    private final Tokens tokens = Tokens.forTests();

    @Test
    void internalTokenVerifiesAndCarriesTheIdentity() throws Exception {
        TenantId tenant = Tokens.randomTenant();
        MintedIdentity identity = tokens.internal(tenant, Role.OPERATOR);

        JwtClaims claims = verify(identity.token(), IdentityClaims.AUDIENCE_INTERNAL);
        assertEquals(identity.subject(), claims.getSubject());
        assertEquals(identity.subject(), claims.getStringClaimValue("upn"));
        assertEquals(tenant.value(), claims.getStringClaimValue(IdentityClaims.TENANT));
        assertEquals("operator", claims.getStringClaimValue(IdentityClaims.ROLE));
        assertEquals(List.of("operator"), claims.getStringListClaimValue(IdentityClaims.GROUPS));
        assertEquals(Permission.namesForRole(Role.OPERATOR),
                java.util.Set.copyOf(claims.getStringListClaimValue(IdentityClaims.PERMISSIONS)));
        assertEquals("user", claims.getStringClaimValue(IdentityClaims.CREDENTIAL_KIND));
        assertEquals(300, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
        assertTrue(identity.bearer().startsWith("Bearer ey"));
    }

    @Test
    void userTokenIsForTheApiAudienceOnly() throws Exception {
        MintedIdentity identity = tokens.user(Tokens.randomTenant(), Role.ADMIN);
        assertEquals("admin", verify(identity.token(), IdentityClaims.AUDIENCE_API).getStringClaimValue("role"));
        assertThrows(InvalidJwtException.class, () -> verify(identity.token(), IdentityClaims.AUDIENCE_INTERNAL));
    }

    @Test
    void expiredTokenFailsVerification() {
        String expired = tokens.sign(Map.of("sub", "someone"), IdentityClaims.AUDIENCE_INTERNAL,
                Duration.ofMinutes(-1));
        assertThrows(InvalidJwtException.class, () -> verify(expired, IdentityClaims.AUDIENCE_INTERNAL));
    }

    @Test
    void randomTenantsAreValidAndDistinct() {
        TenantId tenant = Tokens.randomTenant();
        assertTrue(tenant.value().matches("t-[0-9a-f]{12}"), tenant.value());
        assertNotEquals(tenant, Tokens.randomTenant());
    }

    @Test
    void keysArePemFilesReloadedFromTheirDirectory(@TempDir Path dir) throws Exception {
        IdentityKeys created = IdentityKeys.loadOrCreate(dir);
        IdentityKeys loaded = IdentityKeys.loadOrCreate(dir);
        assertEquals(created.publicKey(), loaded.publicKey());
        assertEquals(created.privateKey(), loaded.privateKey());
        assertTrue(Files.readString(created.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertTrue(Files.readString(created.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertEquals("rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(created.privateKeyPem())));
        assertSame(IdentityKeys.forTests(), IdentityKeys.forTests());
    }

    private static JwtClaims verify(String token, String audience) throws InvalidJwtException {
        return new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setExpectedIssuer(IdentityClaims.ISSUER)
                .setExpectedAudience(audience)
                .setVerificationKey(IdentityKeys.forTests().publicKey())
                .build()
                .processToClaims(token);
    }
}
