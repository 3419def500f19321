package io.fieldline.ingest.event;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.fieldline.model.CredentialKind;
import io.fieldline.model.IdentityClaims;
import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import io.fieldline.testsupport.MintedIdentity;
import io.fieldline.testsupport.Tokens;
import io.restassured.specification.RequestSpecification;

/** Callers with internal identity tokens as the gateway mints them, and requests made on their behalf. */
public final class EventCallers {

    private static final Tokens TOKENS = Tokens.forTests();

    private EventCallers() {
    }

    /** A fresh caller of a new random tenant. */
    public static MintedIdentity newTenant(Role role) {
        return of(Tokens.randomTenant(), role);
    }

    /** A fresh caller of {@code tenant} holding the permissions of {@code role}. */
    public static MintedIdentity of(TenantId tenant, Role role) {
        return TOKENS.internal(tenant, role);
    }

    /** A caller that names a role but holds no permissions: the service must trust only {@code perms}. */
    public static MintedIdentity withoutPermissions(Role role) {
        TenantId tenant = Tokens.randomTenant();
        String subject = UUID.randomUUID().toString();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject);
        claims.put("upn", subject);
        claims.put(IdentityClaims.TENANT, tenant.value());
        claims.put(IdentityClaims.ROLE, role.wireName());
        claims.put(IdentityClaims.GROUPS, List.of(role.wireName()));
        claims.put(IdentityClaims.PERMISSIONS, List.of());
        claims.put(IdentityClaims.CREDENTIAL_KIND, CredentialKind.USER.wireName());
        String token = TOKENS.sign(claims, IdentityClaims.AUDIENCE_INTERNAL, Duration.ofMinutes(5));
        return new MintedIdentity(tenant, subject, role, token);
    }

    /** A JSON request with the caller's bearer token. */
    public static RequestSpecification as(MintedIdentity caller) {
        return given().header("Authorization", caller.bearer()).contentType("application/json");
    }

    /** A create body with the given name. */
    public static String body(String name) {
        return "{\"name\":\"" + name + "\",\"type\":\"sensor\",\"unit\":\"°C\",\"min_value\":0.0,\"max_value\":200.0}";
    }

    /** Creates an event through the API, expecting 201, and returns its public id. */
    public static String create(MintedIdentity caller, String name) {
        return as(caller).body(body(name)).when().post("/api/v1/events")
                .then().statusCode(201).extract().path("public_id");
    }
}
