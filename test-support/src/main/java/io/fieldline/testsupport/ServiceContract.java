package io.fieldline.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import io.fieldline.model.IdentityClaims;
import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import org.junit.jupiter.api.Test;

/**
 * What every Fieldline service promises at its HTTP edge (DESIGN.md §4, §6): open probes, metrics and OpenAPI;
 * identity tokens required on {@code /api}; the error body for every error; a request id on every response. A
 * service's test extends this class with {@code @QuarkusTest} and the embedded Kafka, PostgreSQL and identity
 * resources.
 */
public abstract class ServiceContract {

    private final Tokens tokens = Tokens.forTests();

    @Test
    void probesMetricsAndOpenApiAreOpen() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("postgresql")).body("checks.name", hasItem("kafka"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
    }

    @Test
    void apiCallsWithoutAValidIdentityTokenGet401() {
        TenantId tenant = Tokens.randomTenant();
        String expired = tokens.sign(claims(tenant), IdentityClaims.AUDIENCE_INTERNAL, Duration.ofMinutes(-5));
        String userToken = tokens.user(tenant, Role.ADMIN).token();

        for (String authorization : new String[]{ null, "Bearer " + expired, "Bearer " + userToken,
                "Bearer garbage", "Basic Zm9vOmJhcg==" }) {
            var request = given();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            request.when().get("/api/v1/_test/identity").then()
                    .statusCode(401)
                    .header("X-Request-ID", notNullValue())
                    .body("code", equalTo("unauthorized")).body("status", equalTo(401));
        }
    }

    @Test
    void aTokenThatWasValidIsRefusedOnceItExpires() {
        String shortLived = "Bearer "
                + tokens.sign(claims(Tokens.randomTenant()), IdentityClaims.AUDIENCE_INTERNAL, Duration.ofSeconds(2));
        given().header("Authorization", shortLived).when().get("/api/v1/_test/identity").then().statusCode(200);

        // Verified tokens are remembered (VerifiedIdentityTokens), but not past expiry plus the 5 s clock skew allowed.
        Await.until("the short-lived token to be refused", Duration.ofSeconds(15), () -> given()
                .header("Authorization", shortLived).when().get("/api/v1/_test/identity").statusCode() == 401);
    }

    @Test
    void aTokenIsVerifiedOnceThenRemembered() {
        var caller = tokens.internal(Tokens.randomTenant(), Role.VIEWER);
        double verifiedBefore = tokenChecks("verified");
        double rememberedBefore = tokenChecks("remembered");
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", caller.bearer()).when().get("/api/v1/_test/identity").then()
                    .statusCode(200);
        }
        double verified = tokenChecks("verified") - verifiedBefore;
        double remembered = tokenChecks("remembered") - rememberedBefore;
        assertTrue(verified == 1 && remembered == 4,
                "one token, five requests: " + verified + " full verifications, " + remembered + " remembered");
    }

    /** fieldline_identity_tokens_total{check=...} as the service's metrics endpoint shows it. */
    private static double tokenChecks(String check) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("fieldline_identity_tokens_total{") && line.contains(
                        "check=\"" + check + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aValidIdentityTokenIdentifiesTheCaller() {
        var caller = tokens.internal(Tokens.randomTenant(), Role.OPERATOR);

        given().header("Authorization", caller.bearer()).when().get("/api/v1/_test/identity").then()
                .statusCode(200)
                .body("subject", equalTo(caller.subject()))
                .body("tenant", equalTo(caller.tenant().value()))
                .body("role", equalTo("operator"))
                .body("credential", equalTo("user"));
    }

    @Test
    void malformedJsonIs400AndWrongTypesAre422() {
        var caller = tokens.internal(Tokens.randomTenant(), Role.ADMIN);

        given().header("Authorization", caller.bearer()).contentType("application/json").body("{\"name\": ")
                .when().post("/api/v1/_test/echo").then()
                .statusCode(400).body("code", equalTo("bad_request")).body("detail", notNullValue());
        given().header("Authorization", caller.bearer()).contentType("application/json")
                .body("{\"name\":\"a\",\"count\":\"many\"}")
                .when().post("/api/v1/_test/echo").then()
                .statusCode(422).body("code", equalTo("validation_error"))
                .body("errors[0].loc", equalTo(java.util.List.of("body", "count")));
        given().header("Authorization", caller.bearer()).contentType("application/json")
                .body("{\"name\":\"a\",\"count\":3}")
                .when().post("/api/v1/_test/echo").then().statusCode(200).body("count", equalTo(3));
    }

    @Test
    void oversizedBodiesAre413() {
        var caller = tokens.internal(Tokens.randomTenant(), Role.ADMIN);
        String big = "{\"name\":\"" + "x".repeat(1_100_000) + "\",\"count\":1}";

        given().header("Authorization", caller.bearer()).contentType("application/json").body(big)
                .when().post("/api/v1/_test/echo").then().statusCode(413).body("code", equalTo("payload_too_large"));
    }

    @Test
    void unknownRoutesAre404WithTheErrorBody() {
        var caller = tokens.internal(Tokens.randomTenant(), Role.ADMIN);

        given().header("Authorization", caller.bearer()).when().get("/api/v1/_test/nothing-here").then()
                .statusCode(404).body("code", equalTo("not_found")).body("detail", equalTo("Not Found"));
        given().when().get("/not/an/api/path").then()
                .statusCode(404).body("code", equalTo("not_found")).header("X-Request-ID", notNullValue());
    }

    @Test
    void keepsTheRequestIdTheGatewayAssigned() {
        given().header("X-Request-ID", "gw-1234").when().get("/q/health/live").then()
                .header("X-Request-ID", equalTo("gw-1234"));
    }

    private static Map<String, Object> claims(TenantId tenant) {
        return Map.of("sub", "someone", IdentityClaims.TENANT, tenant.value(), IdentityClaims.ROLE, "admin",
                IdentityClaims.CREDENTIAL_KIND, "user", "groups", java.util.List.of("admin"));
    }
}
