package io.fieldline.gateway.token.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import io.fieldline.gateway.ForwardedIdentity;
import io.fieldline.gateway.StubServicesResource;
import io.fieldline.gateway.TestAccounts;
import io.fieldline.gateway.TestQueries;
import io.fieldline.gateway.token.TokenFixtures;
import io.fieldline.model.IdentityClaims;
import io.fieldline.model.Permission;
import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
@QuarkusTestResource(StubServicesResource.class)
class ApiTokenAuthenticationTest {

    @Inject
    LastUsedRecorder lastUsed;

    @Test
    void aTokenActsWithItsOwnersCurrentRole() {
        // GIVEN an admin with an API token, and a viewer of the same tenant with a token
        var admin = TestAccounts.newTenantWith(Role.ADMIN);
        var token = TokenFixtures.create(admin);
        TokenFixtures.create(TestAccounts.addUser(admin.tenant(), Role.VIEWER));

        // WHEN the token is used as a bearer THEN it acts as the admin: every token of the tenant is listed
        given().header("Authorization", token.bearer()).when().get("/api/v1/tokens")
                .then().statusCode(200).body("total", equalTo(2));

        // WHEN the owner is demoted in the database THEN the next request already acts as a viewer
        TestQueries.changeIdentity("UPDATE app_user SET role = ? WHERE public_id = ?", "viewer", admin.userPublicId());
        given().header("Authorization", token.bearer()).when().get("/api/v1/tokens")
                .then().statusCode(200).body("total", equalTo(1))
                .body("data[0].public_id", equalTo(token.publicId()));
        JwtClaims claims = forwardedIdentity(token.bearer());
        assertEquals("viewer", claim(claims, IdentityClaims.ROLE));
        assertEquals(Set.of("read_data"), permissions(claims));
    }

    @Test
    void servicesAreToldTheTokensOwnerAndNarrowedPermissions() {
        // GIVEN an operator with an unscoped token and a token scoped to read_data
        var operator = TestAccounts.newTenantWith(Role.OPERATOR);
        var unscoped = TokenFixtures.create(operator);
        var readOnly = TokenFixtures.create(operator, "{\"name\":\"dashboards\",\"scopes\":[\"read_data\"]}");

        // WHEN each calls a service through the gateway THEN the internal identity names the owner and the kind
        JwtClaims full = forwardedIdentity(unscoped.bearer());
        assertEquals(operator.userPublicId(), full.getClaimValue("sub"));
        assertEquals(operator.tenant().value(), claim(full, IdentityClaims.TENANT));
        assertEquals("operator", claim(full, IdentityClaims.ROLE));
        assertEquals("api_token", claim(full, IdentityClaims.CREDENTIAL_KIND));
        assertEquals(Permission.namesForRole(Role.OPERATOR), permissions(full));
        // AND the scoped token carries only read_data
        assertEquals(Set.of("read_data"), permissions(forwardedIdentity(readOnly.bearer())));
    }

    @Test
    void aScopedTokenCannotMintAWiderOne() {
        // GIVEN an admin's token scoped to read_data
        var admin = TestAccounts.newTenantWith(Role.ADMIN);
        var readOnly = TokenFixtures.create(admin, "{\"name\":\"ro\",\"scopes\":[\"read_data\"]}");

        // WHEN it asks for a wider token THEN 422; without scopes THEN the new token is pinned to read_data
        given().header("Authorization", readOnly.bearer()).contentType("application/json")
                .body("{\"name\":\"wider\",\"scopes\":[\"manage_users\"]}").when().post("/api/v1/tokens")
                .then().statusCode(422);
        String child = given().header("Authorization", readOnly.bearer()).contentType("application/json")
                .body("{\"name\":\"child\"}").when().post("/api/v1/tokens")
                .then().statusCode(201).body("scopes", equalTo(List.of("read_data")))
                .extract().jsonPath().getString("token");
        assertEquals(Set.of("read_data"), permissions(forwardedIdentity("Bearer " + child)));
        // AND a read_data token of an admin does not see the tenant's other tokens (no manage_tokens)
        TokenFixtures.create(TestAccounts.addUser(admin.tenant(), Role.VIEWER));
        given().header("Authorization", readOnly.bearer()).when().get("/api/v1/tokens")
                .then().statusCode(200).body("total", equalTo(2));
    }

    @Test
    void unknownExpiredAndSuspendedTokensAreRefused() {
        var admin = TestAccounts.newTenantWith(Role.ADMIN);
        var token = TokenFixtures.create(admin);

        given().header("Authorization", "Bearer fl_" + "A".repeat(43)).when().get("/api/v1/tokens")
                .then().statusCode(401).body("detail", equalTo("Invalid API token."))
                .header("WWW-Authenticate", notNullValue());
        given().header("Authorization", "Bearer fl_short").when().get("/api/v1/tokens")
                .then().statusCode(401).body("detail", equalTo("Invalid API token."));
        // A token one character off is unknown.
        String altered = token.plaintext().substring(0, 45) + (token.plaintext().endsWith("A") ? "B" : "A");
        given().header("Authorization", "Bearer " + altered).when().get("/api/v1/tokens")
                .then().statusCode(401).body("detail", equalTo("Invalid API token."));

        TestQueries.changeIdentity("UPDATE api_token SET expires_at = now() - interval '1 second' WHERE public_id = ?",
                token.publicId());
        given().header("Authorization", token.bearer()).when().get("/api/v1/tokens")
                .then().statusCode(401).body("detail", equalTo("API token has expired."));

        var other = TokenFixtures.create(admin);
        given().header("Authorization", other.bearer()).when().get("/api/v1/tokens").then().statusCode(200);
        TestQueries.changeIdentity("UPDATE tenant SET status = 'suspended' WHERE public_id = ?",
                admin.tenant().value());
        given().header("Authorization", other.bearer()).when().get("/api/v1/tokens")
                .then().statusCode(403).body("detail", equalTo("Tenant is suspended."));
    }

    @Test
    void lastUseIsWrittenAtTheNextFlush() {
        // GIVEN a token never used
        var viewer = TestAccounts.newTenantWith(Role.VIEWER);
        var token = TokenFixtures.create(viewer);
        assertNull(TokenFixtures.row(token.publicId()).get("last_used_at"));

        // WHEN it is used and the recorder flushes
        given().header("Authorization", token.bearer()).when().get("/api/v1/tokens").then().statusCode(200);
        lastUsed.flush().await().atMost(Duration.ofSeconds(10));

        // THEN its row and the list show the last use
        assertNotNull(TokenFixtures.row(token.publicId()).get("last_used_at"));
        given().header("Authorization", viewer.bearer()).when().get("/api/v1/tokens")
                .then().statusCode(200).body("data[0].last_used_at", notNullValue());
    }

    private static JwtClaims forwardedIdentity(String bearer) {
        String forwarded = given().header("Authorization", bearer).when().get("/api/v1/events")
                .then().statusCode(200).extract().jsonPath().getString("authorization");
        return ForwardedIdentity.verify(forwarded);
    }

    private static Object claim(JwtClaims claims, String name) {
        return claims.getClaimValue(name);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> permissions(JwtClaims claims) {
        return new HashSet<>((List<String>) claims.getClaimValue(IdentityClaims.PERMISSIONS));
    }
}
