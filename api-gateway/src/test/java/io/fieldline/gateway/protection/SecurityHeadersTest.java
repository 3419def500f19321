package io.fieldline.gateway.protection;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.oneOf;

import io.fieldline.gateway.StubServicesResource;
import io.fieldline.gateway.TestAccounts;
import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Security headers, client address and CORS with the gateway's default protection settings. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
@QuarkusTestResource(StubServicesResource.class)
class SecurityHeadersTest {

    @Test
    void successfulResponsesCarryTheSecurityHeaders() {
        assertSecurityHeaders(given().when().get("/health").then().statusCode(200))
                .header("Cache-Control", nullValue());
    }

    @Test
    void authenticationErrorsCarryTheSecurityHeadersAndNoStore() {
        assertSecurityHeaders(given().when().get("/api/v1/events").then().statusCode(401))
                .header("Cache-Control", equalTo("no-store"))
                .body("code", equalTo("unauthorized"));
    }

    @Test
    void notFoundCarriesTheSecurityHeaders() {
        assertSecurityHeaders(given().when().get("/no-such-page").then().statusCode(404));
    }

    @Test
    void proxiedApiResponsesGetNoStoreUnlessTheServiceSetsItsOwnCaching() {
        var user = TestAccounts.newTenantWith(Role.VIEWER);

        assertSecurityHeaders(given().header("Authorization", user.bearer()).when().get("/api/v1/events/x")
                .then().statusCode(200)).header("Cache-Control", equalTo("no-store"));
        assertSecurityHeaders(given().header("Authorization", user.bearer()).when().get("/api/v1/events/cached")
                .then().statusCode(200)).header("Cache-Control", equalTo("max-age=60"));
    }

    @Test
    void forwardedForIsIgnoredWithoutATrustedProxy() {
        // GIVEN no trusted proxies are configured
        var user = TestAccounts.newTenantWith(Role.VIEWER);

        // WHEN a client claims another address
        // THEN the service is told the socket peer's address
        given().header("Authorization", user.bearer()).header("X-Forwarded-For", "203.0.113.50")
                .when().get("/api/v1/events/x")
                .then().statusCode(200)
                .body("forwarded_for", is(oneOf("127.0.0.1", "0:0:0:0:0:0:0:1")));
    }

    @Test
    void withoutConfiguredOriginsThereAreNoCorsHeadersAndPreflightsAreRefused() {
        given().header("Origin", "https://app.example.com").when().get("/health")
                .then().statusCode(200).header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "GET")
                .when().options("/api/v1/events")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue())
                .body("code", equalTo("forbidden"));
    }

    static ValidatableResponse assertSecurityHeaders(ValidatableResponse response) {
        return response.header("X-Content-Type-Options", equalTo("nosniff"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Strict-Transport-Security", equalTo("max-age=31536000; includeSubDomains"))
                .header("Referrer-Policy", equalTo("strict-origin-when-cross-origin"));
    }
}
