package io.fieldline.gateway.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.fieldline.gateway.TestAccounts;
import io.fieldline.gateway.TestAccounts.Account;
import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class TenantResourceTest {

    private static final String TENANTS = "/api/v1/tenants";

    @Test
    void superadminCreatesReadsListsUpdatesAndDeletesATenant() {
        // GIVEN a superadmin
        Account root = TestAccounts.newTenantWith(Role.SUPERADMIN);
        String slug = randomSlug();

        // WHEN it creates a tenant with limits
        String id = as(root).body(Map.of("name", "Acme", "slug", slug,
                "limits", Map.of("devices", 10, "storage", Map.of("days", 30))))
                .post(TENANTS).then().statusCode(201)
                .body("name", equalTo("Acme")).body("slug", equalTo(slug)).body("status", equalTo("active"))
                .body("limits.devices", equalTo(10)).body("limits.storage.days", equalTo(30))
                .body("created_at", notNullValue()).body("updated_at", notNullValue())
                .extract().path("public_id");

        // THEN it can read it, find it in the list, change it partially and delete it
        as(root).get(TENANTS + "/" + id).then().statusCode(200).body("slug", equalTo(slug));
        as(root).get(TENANTS + "?page_size=100").then().statusCode(200)
                .body("page", equalTo(1)).body("page_size", equalTo(100))
                .body("data.public_id", hasItems(id, root.tenant().value()));
        as(root).body(Map.of("name", "Acme Corp", "status", "suspended")).put(TENANTS + "/" + id)
                .then().statusCode(200)
                .body("name", equalTo("Acme Corp")).body("status", equalTo("suspended"))
                .body("slug", equalTo(slug)).body("limits.devices", equalTo(10));
        as(root).body(Map.of("limits", Map.of("devices", 5))).put(TENANTS + "/" + id)
                .then().statusCode(200).body("limits", equalTo(Map.of("devices", 5)))
                .body("name", equalTo("Acme Corp"));
        as(root).delete(TENANTS + "/" + id).then().statusCode(200)
                .body("status", equalTo("success")).body("message", equalTo("Tenant successfully deleted."));
        as(root).get(TENANTS + "/" + id).then().statusCode(404)
                .body("detail", equalTo("Tenant '" + id + "' not found."));
    }

    @Test
    void aDuplicateSlugIsAConflict() {
        Account root = TestAccounts.newTenantWith(Role.SUPERADMIN);
        String slug = randomSlug();
        as(root).body(Map.of("name", "First", "slug", slug)).post(TENANTS).then().statusCode(201);

        as(root).body(Map.of("name", "Second", "slug", slug)).post(TENANTS).then().statusCode(409)
                .body("detail", equalTo("Tenant already exists.")).body("code", equalTo("conflict"));
    }

    @Test
    void onlySuperadminsManageTenants() {
        // GIVEN an admin of a tenant, and some other tenant
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        String other = TestAccounts.newTenantWith(Role.VIEWER).tenant().value();

        // THEN every tenant operation is refused, even on its own tenant
        for (String path : List.of(TENANTS, TENANTS + "/" + other, TENANTS + "/" + admin.tenant().value())) {
            forbidden(as(admin).get(path));
        }
        forbidden(as(admin).body(Map.of("name", "Mine", "slug", randomSlug())).post(TENANTS));
        forbidden(as(admin).body(Map.of("status", "suspended")).put(TENANTS + "/" + other));
        forbidden(as(admin).delete(TENANTS + "/" + other));
        as(TestAccounts.newTenantWith(Role.SUPERADMIN)).get(TENANTS + "/" + other).then().statusCode(200)
                .body("status", equalTo("active"));
    }

    @Test
    void suspendingATenantRefusesItsCredentialsOnTheNextRequest() {
        // GIVEN a tenant whose admin can list its users
        Account root = TestAccounts.newTenantWith(Role.SUPERADMIN);
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        as(admin).get("/api/v1/users").then().statusCode(200);

        // WHEN a superadmin suspends the tenant
        as(root).body(Map.of("status", "suspended")).put(TENANTS + "/" + admin.tenant().value())
                .then().statusCode(200).body("status", equalTo("suspended"));

        // THEN the same token is refused, until the tenant is active again
        as(admin).get("/api/v1/users").then().statusCode(403).body("detail", equalTo("Tenant is suspended."));
        as(root).body(Map.of("status", "active")).put(TENANTS + "/" + admin.tenant().value())
                .then().statusCode(200);
        as(admin).get("/api/v1/users").then().statusCode(200);
    }

    @Test
    void deletingATenantDeletesItsUsers() {
        Account root = TestAccounts.newTenantWith(Role.SUPERADMIN);
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);

        as(root).delete(TENANTS + "/" + admin.tenant().value()).then().statusCode(200);

        as(admin).get("/api/v1/users").then().statusCode(401).body("detail", equalTo("User not found."));
        as(root).get(TENANTS + "/" + admin.tenant().value()).then().statusCode(404);
    }

    @Test
    void theTenantOfASuperadminCannotBeDeletedOrSuspended() {
        Account root = TestAccounts.newTenantWith(Role.SUPERADMIN);
        String own = TENANTS + "/" + root.tenant().value();

        as(root).delete(own).then().statusCode(409)
                .body("detail", equalTo("The tenant of a superadmin cannot be deleted."));
        as(root).body(Map.of("status", "suspended")).put(own).then().statusCode(409)
                .body("detail", equalTo("The tenant of a superadmin cannot be suspended."));
        as(root).get(own).then().statusCode(200).body("status", equalTo("active"));
    }

    @Test
    void unknownTenantsAreNotFound() {
        Account root = TestAccounts.newTenantWith(Role.SUPERADMIN);
        String path = TENANTS + "/" + UUID.randomUUID();

        as(root).get(path).then().statusCode(404);
        as(root).body(Map.of("name", "x")).put(path).then().statusCode(404);
        as(root).delete(path).then().statusCode(404);
    }

    @Test
    void invalidTenantsAreRejectedWithFieldErrors() {
        Account root = TestAccounts.newTenantWith(Role.SUPERADMIN);

        as(root).body(Map.of("slug", "-Bad")).post(TENANTS).then().statusCode(422)
                .body("code", equalTo("validation_error"))
                .body("errors.loc", hasItems(List.of("body", "name"), List.of("body", "slug")));
        as(root).body(Map.of("name", "", "slug", randomSlug(), "status", "paused")).post(TENANTS).then()
                .statusCode(422).body("errors.loc", hasItems(List.of("body", "name"), List.of("body", "status")));
        as(root).body(Map.of("name", "Ok", "slug", randomSlug(), "limits", List.of(1))).post(TENANTS).then()
                .statusCode(422).body("errors.loc", hasItem(List.of("body", "limits")));
        as(root).body(Map.of("status", "gone")).put(TENANTS + "/" + root.tenant().value()).then()
                .statusCode(422).body("errors.loc", hasItem(List.of("body", "status")));
        as(root).body("{\"name\":").post(TENANTS).then().statusCode(400);
        as(root).get(TENANTS + "?page_size=101").then().statusCode(422);
        as(root).get(TENANTS + "?page_size=1").then().statusCode(200).body("data.size()", equalTo(1))
                .body("total", not(equalTo(0)));
    }

    private static void forbidden(io.restassured.response.Response response) {
        response.then().statusCode(403).body("detail", equalTo("Superadmin privileges required."));
    }

    private static RequestSpecification as(Account account) {
        return given().header("Authorization", account.bearer()).contentType(ContentType.JSON);
    }

    private static String randomSlug() {
        return "s-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
