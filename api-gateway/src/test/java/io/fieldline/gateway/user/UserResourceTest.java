package io.fieldline.gateway.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.fieldline.gateway.TestAccounts;
import io.fieldline.gateway.TestAccounts.Account;
import io.fieldline.gateway.TestQueries;
import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class UserResourceTest {

    static final String USERS = "/api/v1/users";

    @Test
    void anAdminCreatesReadsListsUpdatesAndDeletesAUser() {
        // GIVEN an admin
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        String email = randomEmail();

        // WHEN it creates a user without a role
        String id = as(admin).body(Map.of("email", email, "username", "jane", "password", "first-password"))
                .post(USERS).then().statusCode(201)
                .body("status", equalTo("success")).body("message", equalTo("User successfully created."))
                .extract().path("public_id");

        // THEN the user is a viewer, shown without its hash, and listed
        as(admin).get(USERS + "/" + id).then().statusCode(200)
                .body("public_id", equalTo(id)).body("email", equalTo(email)).body("username", equalTo("jane"))
                .body("role", equalTo("viewer")).body("admin", equalTo(false))
                .body("registered_on", notNullValue()).body("sso_provider", nullValue())
                .body("$", not(org.hamcrest.Matchers.hasKey("password_hash")))
                .body("$", org.hamcrest.Matchers.hasKey("sso_provider"));
        as(admin).get(USERS).then().statusCode(200).body("total", equalTo(2))
                .body("page", equalTo(1)).body("page_size", equalTo(25))
                .body("data.public_id", hasItems(id, admin.userPublicId()))
                .body("data.find { it.public_id == '" + admin.userPublicId() + "' }.admin", equalTo(true));
        assertTrue(BcryptUtil.matches("first-password", passwordHash(id)));

        // WHEN the admin changes its username and password
        as(admin).body(Map.of("username", "janet", "password", "second-password")).put(USERS + "/" + id)
                .then().statusCode(200).body("message", equalTo("User successfully updated."))
                .body("public_id", equalTo(id));

        // THEN only those changed, and the new password is stored hashed
        as(admin).get(USERS + "/" + id).then().body("username", equalTo("janet")).body("email", equalTo(email))
                .body("role", equalTo("viewer"));
        assertTrue(BcryptUtil.matches("second-password", passwordHash(id)));

        // WHEN it deletes the user THEN it is gone
        as(admin).delete(USERS + "/" + id).then().statusCode(200)
                .body("status", equalTo("success")).body("message", equalTo("User successfully deleted."));
        as(admin).get(USERS + "/" + id).then().statusCode(404)
                .body("detail", equalTo("User '" + id + "' not found."));
        as(admin).delete(USERS + "/" + id).then().statusCode(404);
    }

    @Test
    void viewersReadProfilesAndEditOnlyTheirOwnWithoutTheirRole() {
        // GIVEN a viewer and another user of its tenant
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        Account viewer = TestAccounts.addUser(admin.tenant(), Role.VIEWER);
        Account operator = TestAccounts.addUser(admin.tenant(), Role.OPERATOR);

        // THEN it reads any profile but manages no one
        as(viewer).get(USERS + "/" + admin.userPublicId()).then().statusCode(200).body("admin", equalTo(true));
        adminRequired(as(viewer).get(USERS));
        adminRequired(as(operator).get(USERS));
        adminRequired(as(viewer).body(Map.of("email", randomEmail(), "username", "xy", "password", "password1"))
                .post(USERS));
        adminRequired(as(operator).delete(USERS + "/" + viewer.userPublicId()));
        as(viewer).body(Map.of("username", "hacker")).put(USERS + "/" + operator.userPublicId()).then()
                .statusCode(403).body("detail", equalTo("You can only update your own profile."));

        // AND it edits itself, but not its role
        as(viewer).body(Map.of("username", "renamed", "role", "viewer")).put(USERS + "/" + viewer.userPublicId())
                .then().statusCode(200);
        as(viewer).body(Map.of("role", "admin")).put(USERS + "/" + viewer.userPublicId()).then().statusCode(403)
                .body("detail", equalTo("Only admins can change user roles."));
        as(viewer).get(USERS + "/" + viewer.userPublicId()).then().body("username", equalTo("renamed"))
                .body("role", equalTo("viewer"));
    }

    @Test
    void aRoleChangeTakesEffectOnTheNextRequest() {
        // GIVEN a viewer that cannot list users
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        Account viewer = TestAccounts.addUser(admin.tenant(), Role.VIEWER);
        adminRequired(as(viewer).get(USERS));

        // WHEN an admin promotes it
        as(admin).body(Map.of("role", "admin")).put(USERS + "/" + viewer.userPublicId()).then().statusCode(200);

        // THEN its same token lists users; and after a demotion it cannot any more
        as(viewer).get(USERS).then().statusCode(200).body("total", equalTo(2));
        as(admin).body(Map.of("role", "operator")).put(USERS + "/" + viewer.userPublicId()).then()
                .statusCode(200);
        adminRequired(as(viewer).get(USERS));
        as(admin).get(USERS + "/" + viewer.userPublicId()).then().body("role", equalTo("operator"))
                .body("admin", equalTo(false));
    }

    @Test
    void noOneGrantsOrTouchesARoleAboveTheirOwn() {
        // GIVEN an admin and a superadmin of the same tenant
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        Account root = TestAccounts.addUser(admin.tenant(), Role.SUPERADMIN);
        Account viewer = TestAccounts.addUser(admin.tenant(), Role.VIEWER);

        // THEN the admin grants at most admin, and cannot change or delete the superadmin
        as(admin).body(newUser("superadmin")).post(USERS).then().statusCode(403)
                .body("detail", equalTo("You cannot grant a role above your own."));
        as(admin).body(newUser("admin")).post(USERS).then().statusCode(201);
        as(admin).body(Map.of("role", "superadmin")).put(USERS + "/" + viewer.userPublicId()).then()
                .statusCode(403).body("detail", equalTo("You cannot grant a role above your own."));
        as(admin).body(Map.of("username", "demoted")).put(USERS + "/" + root.userPublicId()).then()
                .statusCode(403).body("detail", equalTo("You cannot change a user with a role above your own."));
        as(admin).delete(USERS + "/" + root.userPublicId()).then().statusCode(403)
                .body("detail", equalTo("You cannot delete a user with a role above your own."));

        // AND the superadmin may create a superadmin
        as(root).body(newUser("superadmin")).post(USERS).then().statusCode(201);
    }

    @Test
    void anAdminCannotDeleteItself() {
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);

        as(admin).delete(USERS + "/" + admin.userPublicId()).then().statusCode(409)
                .body("detail", equalTo("You cannot delete your own account."));
        as(admin).get(USERS + "/" + admin.userPublicId()).then().statusCode(200);
    }

    @Test
    void usersOfAnotherTenantAreNotFoundAndNeverListed() {
        // GIVEN an admin, and a user of another tenant
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        Account stranger = TestAccounts.newTenantWith(Role.VIEWER);
        String path = USERS + "/" + stranger.userPublicId();
        String notFound = "User '" + stranger.userPublicId() + "' not found.";

        // THEN every method answers as for an unknown id, and the list shows only the admin
        as(admin).get(path).then().statusCode(404).body("detail", equalTo(notFound));
        as(admin).body(Map.of("username", "taken")).put(path).then().statusCode(404).body("detail",
                equalTo(notFound));
        as(admin).body(Map.of("role", "viewer")).put(path).then().statusCode(404);
        as(admin).delete(path).then().statusCode(404).body("detail", equalTo(notFound));
        as(admin).get(USERS + "?page_size=100").then().statusCode(200).body("total", equalTo(1))
                .body("data.public_id", equalTo(List.of(admin.userPublicId())));
        as(stranger).get(USERS + "/" + stranger.userPublicId()).then().statusCode(200)
                .body("username", not(equalTo("taken")));
        as(admin).get(USERS + "/not-a-uuid").then().statusCode(404);
    }

    @Test
    void emailsAreUniqueAcrossTenantsWhateverTheirCase() {
        // GIVEN a user of another tenant
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        Account stranger = TestAccounts.newTenantWith(Role.VIEWER);
        String upper = stranger.email().toUpperCase(java.util.Locale.ROOT);

        // THEN its email cannot be taken by creating or by renaming
        as(admin).body(Map.of("email", upper, "username", "copy", "password", "password1")).post(USERS)
                .then().statusCode(409).body("detail", equalTo("User already exists."));
        as(admin).body(Map.of("email", upper)).put(USERS + "/" + admin.userPublicId()).then().statusCode(409)
                .body("detail", equalTo("User already exists."));
        assertEquals(1, TestQueries.number("SELECT count(*) FROM app_user WHERE lower(email) = lower(?)", upper));
    }

    @Test
    void invalidUsersAreRejectedWithFieldErrors() {
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);

        as(admin).body(Map.of("email", "not-an-email", "username", "x", "password", "short")).post(USERS)
                .then().statusCode(422).body("code", equalTo("validation_error"))
                .body("errors.loc", hasItems(List.of("body", "email"), List.of("body", "username"),
                        List.of("body", "password")))
                .body("errors.msg", hasItem("String should have at least 8 characters"));
        as(admin).body(Map.of()).post(USERS).then().statusCode(422)
                .body("errors.msg", hasItem("Field required"));
        as(admin).body(Map.of("email", randomEmail(), "username", "xy", "password", "password1", "role", "owner"))
                .post(USERS).then().statusCode(422).body("errors.loc", hasItem(List.of("body", "role")));
        as(admin).body(Map.of("username", "y".repeat(51))).put(USERS + "/" + admin.userPublicId()).then()
                .statusCode(422).body("errors.loc", hasItem(List.of("body", "username")));
        as(admin).body(Map.of("password", "1234567")).put(USERS + "/" + admin.userPublicId()).then()
                .statusCode(422);
        as(admin).body("{\"email\":").post(USERS).then().statusCode(400);
        as(admin).get(USERS + "?page=0").then().statusCode(422);
        assertEquals(1, TestQueries.number("SELECT count(*) FROM app_user u JOIN tenant t ON t.id = u.tenant_id "
                + "WHERE t.public_id = ?", admin.tenant().value()));
    }

    static RequestSpecification as(Account account) {
        return given().header("Authorization", account.bearer()).contentType(ContentType.JSON);
    }

    private static void adminRequired(io.restassured.response.Response response) {
        response.then().statusCode(403).body("detail", equalTo("Admin privileges required."));
    }

    private static Map<String, String> newUser(String role) {
        return Map.of("email", randomEmail(), "username", "new-" + role, "password", "password1", "role", role);
    }

    private static String randomEmail() {
        return "n-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static String passwordHash(String userPublicId) {
        return TestQueries.text("SELECT password_hash FROM app_user WHERE public_id = ?", userPublicId);
    }
}
