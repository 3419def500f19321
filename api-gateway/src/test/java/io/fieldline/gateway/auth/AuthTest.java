package io.fieldline.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.fieldline.gateway.TestAccounts;
import io.fieldline.gateway.TestQueries;
import io.fieldline.model.IdentityClaims;
import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityKeys;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class AuthTest {

    @Test
    void loginOpensASessionThatMeDescribes() {
        // GIVEN an operator
        var account = TestAccounts.newTenantWith(Role.OPERATOR);

        // WHEN it logs in with email and password
        Response login = login(account.email(), TestAccounts.PASSWORD);

        // THEN it gets seed 000's answer plus a refresh token, and the access token works
        login.then().statusCode(200)
                .body("status", equalTo("success"))
                .body("message", equalTo("Successfully logged in."))
                .body("public_id", equalTo(account.userPublicId()))
                .body("username", notNullValue())
                .body("token_type", equalTo("bearer"))
                .body("expires_in", greaterThan(800))
                .body("refresh_token", startsWith("flr_"));
        given().header("Authorization", "Bearer " + login.jsonPath().getString("access_token"))
                .when().get("/api/v1/auth/me").then().statusCode(200)
                .body("public_id", equalTo(account.userPublicId()))
                .body("email", equalTo(account.email()))
                .body("role", equalTo("operator"))
                .body("admin", equalTo(false))
                .body("registered_on", notNullValue())
                .body("tenant.public_id", equalTo(account.tenant().value()))
                .body("permissions", hasItem("manage_rules"));
    }

    @Test
    void loginsAreLoggedAndAuditedInTheirTenant() {
        var admin = TestAccounts.newTenantWith(Role.ADMIN);

        login(admin.email(), TestAccounts.PASSWORD).then().statusCode(200);
        login(admin.email(), "wrong-password").then().statusCode(401);

        given().header("Authorization", admin.bearer()).when().get("/api/v1/logging").then().statusCode(200)
                .body("data.content", hasItem(org.hamcrest.Matchers.matchesPattern("User '.+' logged in\\.")));
        io.fieldline.testsupport.Await.until("login audit events", Duration.ofSeconds(10), () -> given()
                .header("Authorization", admin.bearer()).queryParam("action", "POST /api/v1/auth/login")
                .when().get("/api/v1/audit/events").jsonPath().getList("data.outcome").size() == 2);
        given().header("Authorization", admin.bearer()).queryParam("action", "POST /api/v1/auth/login")
                .when().get("/api/v1/audit/events").then()
                .body("data.outcome", org.hamcrest.Matchers.containsInAnyOrder("success", "failure"))
                .body("data.actor", hasItem(admin.userPublicId()));
    }

    @Test
    void unknownEmailAndWrongPasswordGetTheSame401() {
        var account = TestAccounts.newTenantWith(Role.VIEWER);

        Response wrongPassword = login(account.email(), "not-the-password");
        Response unknownEmail = login("nobody-" + account.userPublicId() + "@example.com", "whatever-1");

        wrongPassword.then().statusCode(401).body("detail", equalTo("Invalid email or password."))
                .header("WWW-Authenticate", startsWith("Bearer"));
        unknownEmail.then().statusCode(401);
        assertEquals(wrongPassword.jsonPath().getString("detail"), unknownEmail.jsonPath().getString("detail"));
    }

    @Test
    void badLoginBodiesAre422Or400() {
        given().contentType("application/json").body("{}").when().post("/api/v1/auth/login").then().statusCode(422)
                .body("errors.loc", hasItem(List.of("body", "email")));
        given().contentType("application/json").body("{\"email\":\"not-an-email\",\"password\":\"x\"}")
                .when().post("/api/v1/auth/login").then().statusCode(422).body("errors[0].loc[1]", equalTo("email"));
        given().contentType("application/json").body("{\"email\":\"a@example.com\"}")
                .when().post("/api/v1/auth/login").then().statusCode(422)
                .body("errors[0].loc", equalTo(List.of("body", "password")));
        given().contentType("application/json").body("{\"email\":").when().post("/api/v1/auth/login")
                .then().statusCode(400).body("code", equalTo("bad_request"));
    }

    @Test
    void fiveFailuresLockTheAccountWhateverTheSource() {
        // GIVEN five wrong passwords for one account, from five different addresses
        var account = TestAccounts.newTenantWith(Role.VIEWER);
        for (int i = 0; i < 5; i++) {
            given().header("X-Forwarded-For", "198.51.100." + i).contentType("application/json")
                    .body(Map.of("email", account.email(), "password", "wrong-" + i))
                    .when().post("/api/v1/auth/login").then().statusCode(401);
        }

        // WHEN the right password comes next
        Response locked = login(account.email(), TestAccounts.PASSWORD);

        // THEN it is refused with 429 until the window passes, and another account is unaffected
        locked.then().statusCode(429).body("code", equalTo("rate_limited"));
        int retryAfter = Integer.parseInt(locked.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 15 * 60, "Retry-After " + retryAfter);
        var other = TestAccounts.newTenantWith(Role.VIEWER);
        login(other.email(), TestAccounts.PASSWORD).then().statusCode(200);
    }

    @Test
    void refreshRotatesAndAReusedTokenRevokesTheFamily() {
        var account = TestAccounts.newTenantWith(Role.ADMIN);
        String first = login(account.email(), TestAccounts.PASSWORD).jsonPath().getString("refresh_token");

        // WHEN the refresh token is used, it rotates
        Response rotated = refresh(first);
        rotated.then().statusCode(200).body("access_token", notNullValue());
        String second = rotated.jsonPath().getString("refresh_token");
        assertNotEquals(first, second);

        // AND presenting the old one again is reuse: refused, and the successor dies with it
        refresh(first).then().statusCode(401).body("detail", equalTo(
                "Refresh token reuse detected; the session has been revoked."));
        refresh(second).then().statusCode(401).body("detail", equalTo("Refresh token has been revoked."));
        refresh("flr_unknown").then().statusCode(401).body("detail", equalTo("Invalid refresh token."));
    }

    @Test
    void logoutRevokesThePresentedTokenAtOnce() {
        var account = TestAccounts.newTenantWith(Role.VIEWER);
        Response login = login(account.email(), TestAccounts.PASSWORD);
        String access = "Bearer " + login.jsonPath().getString("access_token");
        String refreshToken = login.jsonPath().getString("refresh_token");

        given().header("Authorization", access).contentType("application/json")
                .body(Map.of("refresh_token", refreshToken))
                .when().post("/api/v1/auth/logout").then().statusCode(200)
                .body("message", equalTo("Successfully logged out."));

        given().header("Authorization", access).when().get("/api/v1/auth/me").then().statusCode(401)
                .body("detail", equalTo("Token has been revoked."));
        refresh(refreshToken).then().statusCode(401);
        // Another session of the same user is unaffected.
        given().header("Authorization", account.bearer()).when().get("/api/v1/auth/me").then().statusCode(200);
    }

    @Test
    void forgedExpiredAndGarbageTokensAre401() {
        var account = TestAccounts.newTenantWith(Role.ADMIN);
        Map<String, Object> claims = Map.of("sub", account.userPublicId(), "jti", "j-1",
                IdentityClaims.TENANT, account.tenant().value(), IdentityClaims.ROLE, "admin");
        String expired = Tokens.forTests().sign(claims, IdentityClaims.AUDIENCE_API, Duration.ofMinutes(-1));
        String[] parts = account.token().split("\\.");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"x\",\"role\":\"superadmin\"}".getBytes()) + "." + parts[2];
        String algNone = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
                + parts[1] + ".";
        String otherKey = new Tokens(IdentityKeys.loadOrCreate(java.nio.file.Path.of("target", "other-keys")))
                .sign(claims, IdentityClaims.AUDIENCE_API, Duration.ofMinutes(5));

        for (String token : List.of(expired, tampered, algNone, otherKey, "garbage")) {
            given().header("Authorization", "Bearer " + token).when().get("/api/v1/auth/me").then()
                    .statusCode(401).body("detail", equalTo("Invalid or expired token."))
                    .header("WWW-Authenticate", startsWith("Bearer"));
        }
        given().header("Authorization", "Token abc").when().get("/api/v1/auth/me").then().statusCode(401)
                .body("detail", equalTo("Authentication required."));
        given().when().get("/api/v1/auth/me").then().statusCode(401);
    }

    @Test
    void anAccessTokenThatWorkedIsRefusedOnceItExpires() {
        var account = TestAccounts.newTenantWith(Role.ADMIN);
        Map<String, Object> claims = Map.of("sub", account.userPublicId(), "jti", "j-short",
                IdentityClaims.TENANT, account.tenant().value(), IdentityClaims.ROLE, "admin");
        String shortLived = "Bearer "
                + Tokens.forTests().sign(claims, IdentityClaims.AUDIENCE_API, Duration.ofSeconds(2));
        given().header("Authorization", shortLived).when().get("/api/v1/auth/me").then().statusCode(200);

        // Verified access tokens are remembered; remembering must end at the token's expiry.
        io.fieldline.testsupport.Await.until("the expired token to be refused", Duration.ofSeconds(10),
                () -> given().header("Authorization", shortLived).when().get("/api/v1/auth/me").statusCode() == 401);
    }

    @Test
    void aDeletedUsersTokenIsRefused() {
        var account = TestAccounts.newTenantWith(Role.ADMIN);
        TestQueries.changeIdentity("DELETE FROM app_user WHERE public_id = ?", account.userPublicId());

        given().header("Authorization", account.bearer()).when().get("/api/v1/auth/me").then().statusCode(401)
                .body("detail", equalTo("User not found."));
    }

    private static Response login(String email, String password) {
        return given().contentType("application/json").body(Map.of("email", email, "password", password))
                .when().post("/api/v1/auth/login");
    }

    private static Response refresh(String token) {
        return given().contentType("application/json").body(Map.of("refresh_token", token))
                .when().post("/api/v1/auth/refresh");
    }
}
