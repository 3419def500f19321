package io.fieldline.gateway.token.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;

import io.fieldline.gateway.StubServicesResource;
import io.fieldline.gateway.TestAccounts;
import io.fieldline.gateway.token.TokenFixtures;
import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
@QuarkusTestResource(StubServicesResource.class)
class ApiTokenResourceTest {

    @Test
    void createReturnsThePlaintextOnceAndStoresOnlyItsHash() throws Exception {
        // GIVEN a viewer
        var viewer = TestAccounts.newTenantWith(Role.VIEWER);
        String expiry = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();

        // WHEN it creates a token
        var created = as(viewer).body("{\"name\":\"CI Pipeline\",\"expires_at\":\"" + expiry + "\"}")
                .when().post("/api/v1/tokens")
                .then().statusCode(201)
                .body("name", equalTo("CI Pipeline")).body("expires_at", equalTo(expiry))
                .body("created_at", notNullValue()).body("scopes", nullValue())
                .extract().jsonPath();

        // THEN the plaintext is fl_ + 43 url-safe characters, and the row holds only its SHA-256 hex
        String token = created.getString("token");
        assertTrue(token.matches("fl_[A-Za-z0-9_-]{43}"), token);
        assertEquals(46, token.length());
        Map<String, Object> row = TokenFixtures.row(created.getString("public_id"));
        String sha256 = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        assertEquals(sha256, row.get("token_hash"));
        assertFalse(row.values().stream().anyMatch(v -> String.valueOf(v).contains(token.substring(3))));
        // AND two tokens never share a secret
        assertNotEquals(token, TokenFixtures.create(viewer).plaintext());
        // AND lists never show the secret
        as(viewer).when().get("/api/v1/tokens").then().statusCode(200)
                .body("data[0]", not(hasKey("token"))).body("data[1].expires_at", equalTo(expiry));
    }

    @Test
    void createValidatesNameExpiryAndScopes() {
        var admin = TestAccounts.newTenantWith(Role.ADMIN);
        var viewer = TestAccounts.addUser(admin.tenant(), Role.VIEWER);
        String past = Instant.now().minus(1, ChronoUnit.MINUTES).toString();

        invalid(admin, "{}", "name");
        invalid(admin, "{\"name\":\"\"}", "name");
        invalid(admin, "{\"name\":\"   \"}", "name");
        invalid(admin, "{\"name\":\"" + "x".repeat(256) + "\"}", "name");
        invalid(admin, "{\"name\":\"ci\",\"expires_at\":\"" + past + "\"}", "expires_at");
        invalid(admin, "{\"name\":\"ci\",\"expires_at\":\"tomorrow\"}", "expires_at");
        invalid(admin, "{\"name\":\"ci\",\"scopes\":[\"read_data\",\"fly\"]}", "scopes");
        invalid(admin, "{\"name\":\"ci\",\"scopes\":[]}", "scopes");
        // A token never grants more than its owner holds.
        invalid(viewer, "{\"name\":\"ci\",\"scopes\":[\"write_data\"]}", "scopes");
        as(admin).body("{\"name\":").when().post("/api/v1/tokens").then().statusCode(400);
        as(admin).body("{\"name\":\"" + "x".repeat(255) + "\",\"scopes\":[\"manage_users\",\"read_data\"]}")
                .when().post("/api/v1/tokens")
                .then().statusCode(201).body("scopes", contains("read_data", "manage_users"));
    }

    @Test
    void usersListTheirOwnTokensAndTokenManagersTheWholeTenant() {
        // GIVEN an admin and a viewer of one tenant, and a user of another tenant, each with tokens
        var admin = TestAccounts.newTenantWith(Role.ADMIN);
        var viewer = TestAccounts.addUser(admin.tenant(), Role.VIEWER);
        var stranger = TestAccounts.newTenantWith(Role.ADMIN);
        var adminToken = TokenFixtures.create(admin);
        var first = TokenFixtures.create(viewer, "{\"name\":\"first\"}");
        var second = TokenFixtures.create(viewer, "{\"name\":\"second\",\"scopes\":[\"read_data\"]}");
        TokenFixtures.create(stranger);

        // THEN the viewer sees its own, newest first
        as(viewer).when().get("/api/v1/tokens").then().statusCode(200)
                .body("page", equalTo(1)).body("page_size", equalTo(25)).body("total", equalTo(2))
                .body("data.public_id", contains(second.publicId(), first.publicId()))
                .body("data[0].user_public_id", equalTo(viewer.userPublicId()))
                .body("data[0].scopes", contains("read_data")).body("data[0].last_used_at", nullValue())
                .body("data[1].name", equalTo("first"));
        // AND the admin sees every token of its tenant, never the other tenant's
        as(admin).when().get("/api/v1/tokens").then().statusCode(200).body("total", equalTo(3))
                .body("data.public_id", contains(second.publicId(), first.publicId(), adminToken.publicId()));
        as(stranger).when().get("/api/v1/tokens").then().statusCode(200).body("total", equalTo(1));
        // AND pages are cut as asked
        as(admin).when().get("/api/v1/tokens?page=2&page_size=2").then().statusCode(200)
                .body("total", equalTo(3)).body("data.public_id", contains(adminToken.publicId()));
        as(admin).when().get("/api/v1/tokens?page=9").then().statusCode(200)
                .body("total", equalTo(3)).body("data.size()", equalTo(0));
        as(admin).when().get("/api/v1/tokens?page_size=101").then().statusCode(422);
    }

    @Test
    void deleteFollowsOwnershipAndTenancy() {
        // GIVEN an admin, an operator and a viewer of one tenant and an admin of another, with tokens
        var admin = TestAccounts.newTenantWith(Role.ADMIN);
        var operator = TestAccounts.addUser(admin.tenant(), Role.OPERATOR);
        var viewer = TestAccounts.addUser(admin.tenant(), Role.VIEWER);
        var stranger = TestAccounts.newTenantWith(Role.ADMIN);
        var operatorToken = TokenFixtures.create(operator);
        var viewerToken = TokenFixtures.create(viewer);
        var viewerSecond = TokenFixtures.create(viewer);
        var strangerToken = TokenFixtures.create(stranger);

        // WHEN / THEN another user's token without manage_tokens → 403, and it stays
        as(operator).when().delete("/api/v1/tokens/" + viewerToken.publicId()).then().statusCode(403)
                .body("detail", equalTo("Cannot delete another user's token."));
        // own token → 200
        as(viewer).when().delete("/api/v1/tokens/" + viewerToken.publicId()).then().statusCode(200)
                .body("status", equalTo("success")).body("message", equalTo("API token deleted."));
        assertTrue(TokenFixtures.row(viewerToken.publicId()).isEmpty());
        as(viewer).when().delete("/api/v1/tokens/" + viewerToken.publicId()).then().statusCode(404)
                .body("detail", equalTo("API token not found."));
        // an admin deletes anyone's in its tenant
        as(admin).when().delete("/api/v1/tokens/" + operatorToken.publicId()).then().statusCode(200);
        // another tenant's token is unknown, even to an admin; and it survives
        as(admin).when().delete("/api/v1/tokens/" + strangerToken.publicId()).then().statusCode(404)
                .body("detail", equalTo("API token not found."));
        as(stranger).when().delete("/api/v1/tokens/" + viewerSecond.publicId()).then().statusCode(404);
        assertFalse(TokenFixtures.row(strangerToken.publicId()).isEmpty());
        assertFalse(TokenFixtures.row(viewerSecond.publicId()).isEmpty());
        as(admin).when().delete("/api/v1/tokens/not-an-id").then().statusCode(404);
        // and a deleted token no longer authenticates
        given().header("Authorization", "Bearer " + operatorToken.plaintext()).when().get("/api/v1/tokens")
                .then().statusCode(401).body("detail", equalTo("Invalid API token."));
    }

    @Test
    void aUserHoldsAtMostTwentyTokens() {
        var viewer = TestAccounts.newTenantWith(Role.VIEWER);
        for (int i = 0; i < 20; i++) {
            TokenFixtures.create(viewer);
        }

        as(viewer).body("{\"name\":\"one too many\"}").when().post("/api/v1/tokens").then().statusCode(403)
                .body("detail", equalTo("API token limit reached for user."));
        // The limit is per user: a colleague still gets one.
        TokenFixtures.create(TestAccounts.addUser(viewer.tenant(), Role.VIEWER));
    }

    @Test
    void everyEndpointNeedsACredential() {
        given().contentType("application/json").body("{\"name\":\"ci\"}").when().post("/api/v1/tokens")
                .then().statusCode(401);
        given().when().get("/api/v1/tokens").then().statusCode(401);
        given().when().delete("/api/v1/tokens/" + java.util.UUID.randomUUID()).then().statusCode(401);
    }

    private static void invalid(TestAccounts.Account account, String body, String field) {
        as(account).body(body).when().post("/api/v1/tokens").then().statusCode(422)
                .body("code", equalTo("validation_error"))
                .body("errors.loc", containsInAnyOrder(java.util.List.of("body", field)));
    }

    private static RequestSpecification as(TestAccounts.Account account) {
        return given().header("Authorization", account.bearer()).contentType("application/json");
    }
}
