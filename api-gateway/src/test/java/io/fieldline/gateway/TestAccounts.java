package io.fieldline.gateway;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.fieldline.model.IdentityClaims;
import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import io.fieldline.testsupport.Tokens;
import io.quarkus.elytron.security.common.BcryptUtil;

/**
 * Creates real tenants and users in the gateway's database for tests (a fresh random tenant per call), and access
 * tokens for them signed with the test key, as login would issue them.
 */
public final class TestAccounts {

    /** The password every test user gets. */
    public static final String PASSWORD = "correct-horse-battery";
    private static final String HASH = BcryptUtil.bcryptHash(PASSWORD, 4);

    private TestAccounts() {
    }

    /** A user of a tenant, with an access token. */
    public record Account(TenantId tenant, String userPublicId, String email, Role role, String token) {

        /** The Authorization header value. */
        public String bearer() {
            return "Bearer " + token;
        }
    }

    /** A new tenant with one user of the given role. */
    public static Account newTenantWith(Role role) {
        TenantId tenant = Tokens.randomTenant();
        execute("INSERT INTO tenant (public_id, name, slug) VALUES (?, ?, ?)", tenant.value(), "Tenant " + tenant,
                tenant.value());
        return addUser(tenant, role);
    }

    /** Another user in an existing tenant. */
    public static Account addUser(TenantId tenant, Role role) {
        String userId = UUID.randomUUID().toString();
        String email = "u-" + userId.substring(0, 8) + "@example.com";
        execute("INSERT INTO app_user (public_id, tenant_id, email, username, password_hash, role) "
                + "SELECT ?, id, ?, ?, ?, ? FROM tenant WHERE public_id = ?", userId, email,
                "user-" + userId.substring(0, 8),
                HASH, role.wireName(), tenant.value());
        return new Account(tenant, userId, email, role, accessToken(userId, tenant, role));
    }

    /** An access token for the user, shaped like the ones login issues. */
    public static String accessToken(String userPublicId, TenantId tenant, Role role) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", userPublicId);
        claims.put("upn", userPublicId);
        claims.put(IdentityClaims.TENANT, tenant.value());
        claims.put(IdentityClaims.ROLE, role.wireName());
        claims.put(IdentityClaims.CREDENTIAL_KIND, "user");
        claims.put("groups", List.of(role.wireName()));
        return Tokens.forTests().sign(claims, IdentityClaims.AUDIENCE_API, Duration.ofMinutes(15));
    }

    /** Runs one statement against the gateway schema. */
    public static void execute(String sql, Object... parameters) {
        TestQueries.execute(sql, parameters);
    }
}
