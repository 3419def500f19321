package io.fieldline.gateway.isolation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import io.fieldline.gateway.TestAccounts;
import io.fieldline.gateway.TestAccounts.Account;
import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * Every resource type of the identity issue, tried with another tenant's ids and every method: the answer is the
 * same 404 as for an id that does not exist, and lists never show the other tenant's rows.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class TenantIsolationTest {

    @Test
    void usersOfAnotherTenantAreInvisible() {
        // GIVEN two tenants, each with an admin, and a viewer in tenant B
        Account adminA = TestAccounts.newTenantWith(Role.ADMIN);
        Account adminB = TestAccounts.newTenantWith(Role.ADMIN);
        Account viewerB = TestAccounts.addUser(adminB.tenant(), Role.VIEWER);
        String path = "/api/v1/users/" + viewerB.userPublicId();

        // WHEN tenant A's admin tries B's user with every method, THEN it is not found, and B's user is unchanged
        as(adminA).get(path).then().statusCode(404).body("detail", equalTo("User '" + viewerB.userPublicId()
                + "' not found."));
        as(adminA).contentType("application/json").body(Map.of("role", "admin")).put(path).then().statusCode(404);
        as(adminA).delete(path).then().statusCode(404);
        as(adminB).get(path).then().statusCode(200).body("role", equalTo("viewer"));
        as(adminA).get("/api/v1/users?page_size=100").then().statusCode(200)
                .body("data.public_id", not(org.hamcrest.Matchers.hasItem(viewerB.userPublicId())));
    }

    @Test
    void apiTokensOfAnotherTenantAreInvisible() {
        Account adminA = TestAccounts.newTenantWith(Role.ADMIN);
        Account adminB = TestAccounts.newTenantWith(Role.ADMIN);
        String tokenB = as(adminB).contentType("application/json").body(Map.of("name", "ci"))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("public_id");

        as(adminA).delete("/api/v1/tokens/" + tokenB).then().statusCode(404);
        as(adminA).get("/api/v1/tokens?page_size=100").then().statusCode(200)
                .body("data.public_id", not(org.hamcrest.Matchers.hasItem(tokenB)));
        as(adminB).get("/api/v1/tokens").then().body("data.public_id", org.hamcrest.Matchers.hasItem(tokenB));
    }

    @Test
    void logEntriesAndAuditEventsOfAnotherTenantAreInvisible() {
        Account adminA = TestAccounts.newTenantWith(Role.ADMIN);
        Account adminB = TestAccounts.newTenantWith(Role.ADMIN);
        as(adminB).contentType("application/json").body(Map.of("content", "only for B")).post("/api/v1/logging")
                .then().statusCode(201);
        String entryB = as(adminB).get("/api/v1/logging").then().extract().path("data[0].public_id");

        as(adminA).get("/api/v1/logging/" + entryB).then().statusCode(404);
        as(adminA).contentType("application/json").body(Map.of("status_type", "read"))
                .put("/api/v1/logging/" + entryB).then().statusCode(404);
        List<String> contentsSeenByA = as(adminA).get("/api/v1/logging?page_size=100").then().statusCode(200)
                .extract().path("data.content");
        assertFalse(contentsSeenByA.contains("only for B"));
        as(adminA).get("/api/v1/audit/events?page_size=100").then().statusCode(200)
                .body("data.actor", everyItem(not(equalTo(adminB.userPublicId()))));
    }

    @Test
    void dashboardsAndWidgetsOfAnotherTenantAreInvisible() {
        // GIVEN tenant B's global dashboard with a widget, and tenant A's admin with a dashboard of its own
        Account adminA = TestAccounts.newTenantWith(Role.ADMIN);
        Account adminB = TestAccounts.newTenantWith(Role.ADMIN);
        String dashboardB = as(adminB).contentType("application/json").body(Map.of("name", "B", "is_global", true))
                .post("/api/v1/dashboards").then().statusCode(201).extract().path("public_id");
        String widgetB = as(adminB).contentType("application/json")
                .body(Map.of("widget_type", "gauge", "title", "B gauge"))
                .post("/api/v1/dashboards/" + dashboardB + "/widgets").then().statusCode(201).extract()
                .path("public_id");
        String dashboardA = as(adminA).contentType("application/json").body(Map.of("name", "A"))
                .post("/api/v1/dashboards").then().statusCode(201).extract().path("public_id");
        String pathB = "/api/v1/dashboards/" + dashboardB;

        // WHEN A's admin tries B's dashboard and widget with every method, THEN 404 as for a missing id
        as(adminA).get(pathB).then().statusCode(404).body("detail", equalTo("Dashboard '" + dashboardB
                + "' not found."));
        as(adminA).contentType("application/json").body(Map.of("name", "taken")).put(pathB).then().statusCode(404);
        as(adminA).delete(pathB).then().statusCode(404);
        as(adminA).contentType("application/json").body(Map.of("widget_type", "gauge", "title", "x"))
                .post(pathB + "/widgets").then().statusCode(404);
        as(adminA).contentType("application/json").body(Map.of("title", "x")).put(pathB + "/widgets/" + widgetB)
                .then().statusCode(404);
        as(adminA).delete(pathB + "/widgets/" + widgetB).then().statusCode(404);
        // AND through A's own dashboard B's widget is simply unknown
        as(adminA).contentType("application/json").body(Map.of("title", "x"))
                .put("/api/v1/dashboards/" + dashboardA + "/widgets/" + widgetB).then().statusCode(404)
                .body("detail", equalTo("DashboardWidget '" + widgetB + "' not found."));
        as(adminA).delete("/api/v1/dashboards/" + dashboardA + "/widgets/" + widgetB).then().statusCode(404);
        // AND B's global dashboard is not in A's list, while B's data is unchanged
        as(adminA).get("/api/v1/dashboards?page_size=100").then().statusCode(200)
                .body("data.public_id", not(org.hamcrest.Matchers.hasItem(dashboardB)));
        as(adminB).get(pathB).then().statusCode(200).body("name", equalTo("B"))
                .body("widgets.title", org.hamcrest.Matchers.contains("B gauge"));
    }

    @Test
    void tenantsAreAPlatformResourceThatTenantAdminsCannotReach() {
        Account adminA = TestAccounts.newTenantWith(Role.ADMIN);
        Account adminB = TestAccounts.newTenantWith(Role.ADMIN);
        String tenantB = "/api/v1/tenants/" + adminB.tenant().value();

        // seed 000 has no tenants; the platform resource answers 403 to anyone but a superadmin
        as(adminA).get("/api/v1/tenants").then().statusCode(403);
        as(adminA).get(tenantB).then().statusCode(403);
        as(adminA).contentType("application/json").body(Map.of("status", "suspended")).put(tenantB).then()
                .statusCode(403);
        as(adminA).delete(tenantB).then().statusCode(403);
        as(adminB).get("/api/v1/auth/me").then().statusCode(200).body("tenant.status", equalTo("active"));
    }

    private static RequestSpecification as(Account account) {
        return given().header("Authorization", account.bearer()).when();
    }
}
