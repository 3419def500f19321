package io.fieldline.gateway.protection;

import static io.fieldline.gateway.protection.SecurityHeadersTest.assertSecurityHeaders;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.fieldline.gateway.StubServicesResource;
import io.fieldline.gateway.TestAccounts;
import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * Rate limits, trusted proxies and CORS with low limits. The test client is a trusted proxy here, so each test
 * speaks for its own random client address through X-Forwarded-For and no test uses up another's limits.
 */
@QuarkusTest
@TestProfile(ProtectionTest.LowLimits.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
@QuarkusTestResource(StubServicesResource.class)
class ProtectionTest {

    private static final String ORIGIN = "https://app.example.com";
    private static final int PER_IP = 15;
    private static final int PER_CREDENTIAL = 8;
    private static final int AUTH_PER_IP = 10;

    /** The one extra configuration of the protection tests. */
    public static class LowLimits implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>();
            Map.of("fieldline.protection.trusted-proxies", "127.0.0.0/8,::1/128",
                    "fieldline.protection.rate-limit.per-ip", String.valueOf(PER_IP),
                    "fieldline.protection.rate-limit.per-credential", String.valueOf(PER_CREDENTIAL),
                    "fieldline.protection.rate-limit.auth-per-ip", String.valueOf(AUTH_PER_IP),
                    "fieldline.protection.cors.origins", ORIGIN,
                    "fieldline.protection.cors.allow-credentials", "true")
                    .forEach((key, value) -> {
                        // Both spellings, so the %test values of application.properties cannot win.
                        overrides.put(key, value);
                        overrides.put("%test." + key, value);
                    });
            return overrides;
        }
    }

    @Test
    void theEleventhLoginAttemptWithinAMinuteFromOneAddressIsRefused() {
        // GIVEN a client that tried to log in ten times (whatever the answers were)
        String client = randomAddress();
        for (int i = 0; i < AUTH_PER_IP; i++) {
            login(client).post("/api/v1/auth/login").then().statusCode(not(429));
        }

        // WHEN it tries an eleventh time from a browser page
        ValidatableResponse refused = login(client).header("Origin", ORIGIN).when().post("/api/v1/auth/login")
                .then();

        // THEN it gets 429 with Retry-After and the error body, still readable cross-origin; others may log in
        assertSecurityHeaders(refused.statusCode(429))
                .header("Retry-After", Integer::parseInt, allOf(greaterThanOrEqualTo(1), lessThanOrEqualTo(60)))
                .header("Access-Control-Allow-Origin", equalTo(ORIGIN))
                .header("X-Request-ID", not(nullValue()))
                .body("detail", equalTo("Too many requests. Please try again later."))
                .body("code", equalTo("rate_limited"))
                .body("status", equalTo(429));
        login(randomAddress()).post("/api/v1/auth/login").then().statusCode(not(429));
    }

    @Test
    void perAddressLimitRefusesTheRequestAfterTheLimitAndOnlyForThatAddress() {
        String client = useUpAddressLimit();

        from(client).get("/api/v1/events").then().statusCode(429)
                .header("Retry-After", not(nullValue()))
                .body("code", equalTo("rate_limited"));
        from(randomAddress()).get("/api/v1/events").then().statusCode(401);
    }

    @Test
    void healthAndProbesAreNeverLimited() {
        String client = useUpAddressLimit();

        for (int i = 0; i < PER_IP + 5; i++) {
            from(client).get("/health").then().statusCode(200);
            from(client).get("/q/health/ready").then().statusCode(200);
        }
        from(client).get("/api/v1/events").then().statusCode(429);
    }

    @Test
    void perCredentialLimitFollowsTheCredentialAcrossAddresses() {
        // GIVEN one (invalid) credential tried from as many addresses as its limit allows
        String bearer = "Bearer guess-" + UUID.randomUUID();
        for (int i = 0; i < PER_CREDENTIAL; i++) {
            from(randomAddress()).header("Authorization", bearer).get("/api/v1/events").then().statusCode(401);
        }

        // WHEN it is tried from yet another address, THEN it is refused before authentication
        from(randomAddress()).header("Authorization", bearer).get("/api/v1/events").then().statusCode(429);
    }

    @Test
    void forwardedForFromATrustedProxyNamesTheClient() {
        // GIVEN the test client is a trusted proxy; a client forged the left-most entry
        var user = TestAccounts.newTenantWith(Role.VIEWER);
        String client = randomAddress();

        // WHEN the proxy forwards the call, THEN the service is told the first untrusted hop from the right
        given().header("Authorization", user.bearer()).header("X-Forwarded-For", "192.0.2.66, " + client)
                .when().get("/api/v1/events/x")
                .then().statusCode(200).body("forwarded_for", equalTo(client));
    }

    @Test
    void preflightFromAnAllowedOriginIsAnsweredBeforeAuthentication() {
        given().header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Authorization, Content-Type")
                .when().options("/api/v1/events")
                .then().statusCode(204)
                .header("Access-Control-Allow-Origin", equalTo(ORIGIN))
                .header("Access-Control-Allow-Credentials", equalTo("true"))
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Authorization"))
                .header("Access-Control-Max-Age", equalTo("600"))
                .header("Vary", containsString("Origin"));
    }

    @Test
    void preflightFromAnotherOriginIsRefused() {
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .when().options("/api/v1/events")
                .then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue())
                .body("code", equalTo("forbidden"));
    }

    @Test
    void responsesToAnAllowedOriginCarryCorsHeadersEvenOnErrors() {
        String requestId = from(randomAddress()).header("Origin", ORIGIN).get("/api/v1/events")
                .then().statusCode(401)
                .header("Access-Control-Allow-Origin", equalTo(ORIGIN))
                .header("Access-Control-Allow-Credentials", equalTo("true"))
                .header("Access-Control-Expose-Headers", containsString("X-Request-ID"))
                .extract().header("X-Request-ID");
        assertNotEquals(null, requestId);
        from(randomAddress()).header("Origin", "https://evil.example").get("/api/v1/events")
                .then().statusCode(401).header("Access-Control-Allow-Origin", nullValue());
    }

    private static String useUpAddressLimit() {
        String client = randomAddress();
        for (int i = 0; i < PER_IP; i++) {
            from(client).get("/api/v1/events").then().statusCode(401);
        }
        return client;
    }

    private static RequestSpecification login(String client) {
        // A fresh email each time: five failures for one account would lock it (429) whatever the address.
        return from(client).contentType("application/json").body("{\"email\":\"nobody-"
                + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE)
                + "@example.com\",\"password\":\"wrong-password\"}");
    }

    private static RequestSpecification from(String client) {
        return given().header("X-Forwarded-For", client);
    }

    // A fresh documentation-range IPv6 address per call, so tests never share a window.
    private static String randomAddress() {
        byte[] host = new byte[8];
        ThreadLocalRandom.current().nextBytes(host);
        String hex = HexFormat.of().formatHex(host);
        return "2001:db8:" + hex.substring(0, 4) + ":" + hex.substring(4, 8) + ":" + hex.substring(8, 12) + ":"
                + hex.substring(12, 16) + "::1";
    }
}
