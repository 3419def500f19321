package io.fieldline.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

import io.fieldline.model.IdentityClaims;
import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
@QuarkusTestResource(StubServicesResource.class)
class ServiceProxyTest {

    private final Tokens tokens = Tokens.forTests();

    @Test
    void forwardsWithAnInternalIdentityTokenAndTheGatewaysRequestId() throws Exception {
        // GIVEN a user of some tenant with an operator role
        var user = TestAccounts.newTenantWith(Role.OPERATOR);

        // WHEN it calls an ingest path through the gateway
        Response response = given().header("Authorization", user.bearer())
                .header("X-Request-ID", "client-chosen").header("X-Custom", "kept").header("Cookie", "a=b")
                .when().get("/api/v1/events/abc?page=2");

        // THEN the service saw the path and query, a fresh request id, and a verifiable internal token for the user
        response.then().statusCode(200).body("uri", equalTo("/api/v1/events/abc?page=2"))
                .body("custom", equalTo("kept")).body("cookie", nullValue())
                .body("forwarded_for", notNullValue());
        String requestId = response.header("X-Request-ID");
        assertNotEquals("client-chosen", requestId);
        assertNotEquals("stub-must-not-leak", requestId);
        assertEquals(requestId, response.jsonPath().getString("request_id"));
        String internal = response.jsonPath().getString("authorization").substring("Bearer ".length());
        JwtClaims claims = ForwardedIdentity.verify(internal);
        assertEquals(user.userPublicId(), claims.getSubject());
        assertEquals(user.tenant().value(), claims.getStringClaimValue(IdentityClaims.TENANT));
        assertEquals("operator", claims.getStringClaimValue(IdentityClaims.ROLE));
        assertEquals("user", claims.getStringClaimValue(IdentityClaims.CREDENTIAL_KIND));
        assertTrue(claims.getExpirationTime().getValueInMillis() - System.currentTimeMillis() <= 61_000);
    }

    @Test
    void streamsRequestBodiesWithinTheLimit() {
        var user = TestAccounts.newTenantWith(Role.ADMIN);
        byte[] body = new byte[900_000];

        given().header("Authorization", user.bearer()).contentType("application/octet-stream").body(body)
                .when().post("/api/v1/ota")
                .then().statusCode(200).body("body_bytes", equalTo(900_000)).body("method", equalTo("POST"));
    }

    @Test
    void refusesBodiesOverTheLimitWith413() {
        var user = TestAccounts.newTenantWith(Role.ADMIN);

        given().header("Authorization", user.bearer()).contentType("application/octet-stream")
                .body(new byte[1_100_000])
                .when().post("/api/v1/ota")
                .then().statusCode(413).body("code", equalTo("payload_too_large"));
    }

    @Test
    void refusesChunkedBodiesOverTheLimitWith413() {
        var user = TestAccounts.newTenantWith(Role.ADMIN);
        InputStream chunked = new ByteArrayInputStream(new byte[1_500_000]);

        given().header("Authorization", user.bearer()).contentType("application/octet-stream").body(chunked)
                .when().post("/api/v1/ota")
                .then().statusCode(413).body("code", equalTo("payload_too_large"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/v1/ota/00000000-0000-4000-8000-000000000000/upload", "/api/v1/ota/upload" })
    void firmwareAndBundleUploadsPassWithTheirRouteOverrideAboveTheDefaultLimit(String upload) {
        var user = TestAccounts.newTenantWith(Role.ADMIN);

        given().header("Authorization", user.bearer()).contentType("application/octet-stream")
                .body(new byte[1_500_000])
                .when().post(upload)
                .then().statusCode(200).body("body_bytes", equalTo(1_500_000));
        given().header("Authorization", user.bearer()).contentType("application/octet-stream")
                .body(new ByteArrayInputStream(new byte[1_500_000]))
                .when().post(upload)
                .then().statusCode(200).body("body_bytes", equalTo(1_500_000));
        // The override needs a credential like every other path.
        given().contentType("application/octet-stream").body(new byte[1_500_000]).when().post(upload)
                .then().statusCode(401);
    }

    @Test
    void rejectsMissingOrWrongCredentialsBeforeForwarding() {
        var tenant = Tokens.randomTenant();

        given().when().get("/api/v1/events").then().statusCode(401).body("code", equalTo("unauthorized"))
                .header("WWW-Authenticate", containsString("Bearer")).header("X-Request-ID", notNullValue());
        // An internal token is for services only: the gateway does not accept it from clients.
        given().header("Authorization", tokens.internal(tenant, Role.ADMIN).bearer())
                .when().get("/api/v1/events").then().statusCode(401);
        String expired = tokens.sign(Map.of("sub", "u", IdentityClaims.TENANT, tenant.value(),
                IdentityClaims.ROLE, "admin", IdentityClaims.CREDENTIAL_KIND, "user"),
                IdentityClaims.AUDIENCE_API, Duration.ofMinutes(-5));
        given().header("Authorization", "Bearer " + expired).when().get("/api/v1/events").then().statusCode(401);
        given().header("Authorization", "Basic Zm9vOmJhcg==").when().get("/api/v1/events").then().statusCode(401);
        given().header("Authorization", "Bearer not.a.jwt").when().get("/api/v1/events").then().statusCode(401)
                .body("code", equalTo("unauthorized"));
    }

    @Test
    void aServiceThatIsDownGives503Quickly() {
        var user = TestAccounts.newTenantWith(Role.ADMIN);
        long start = System.nanoTime();

        given().header("Authorization", user.bearer()).when().get("/api/v1/rules")
                .then().statusCode(503).body("code", equalTo("service_unavailable"))
                .body("detail", containsString("rules-service"));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos());
    }

    @Test
    void aServiceThatStallsGives504AfterTheReadTimeout() {
        var user = TestAccounts.newTenantWith(Role.ADMIN);

        given().header("Authorization", user.bearer()).when().get("/api/v1/datapoints/stall")
                .then().statusCode(504).body("code", equalTo("gateway_timeout"));
    }

    @Test
    void aServiceThatDropsTheConnectionGives502() {
        var user = TestAccounts.newTenantWith(Role.ADMIN);

        given().header("Authorization", user.bearer()).when().get("/api/v1/experiments/drop")
                .then().statusCode(502).body("code", equalTo("bad_gateway"));
    }

    @Test
    void unknownRoutesGetTheErrorBody() {
        var user = TestAccounts.newTenantWith(Role.ADMIN);

        given().header("Authorization", user.bearer()).when().get("/api/v1/no-such-thing")
                .then().statusCode(404).body("code", equalTo("not_found")).body("status", equalTo(404));
        given().when().get("/nothing/here").then().statusCode(404).body("detail", equalTo("Not Found"))
                .header("X-Request-ID", not(equalTo("")));
    }
}
