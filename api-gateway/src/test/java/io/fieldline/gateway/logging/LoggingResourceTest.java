package io.fieldline.gateway.logging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.fieldline.gateway.TestAccounts;
import io.fieldline.gateway.TestAccounts.Account;
import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class LoggingResourceTest {

    private static final String LOGGING = "/api/v1/logging";

    @Inject
    LogBook logBook;

    @Test
    void operatorsCreateEntriesThatEveryoneReadsNewestFirst() {
        // GIVEN an operator and a viewer of one tenant
        Account operator = TestAccounts.newTenantWith(Role.OPERATOR);
        Account viewer = TestAccounts.addUser(operator.tenant(), Role.VIEWER);

        // WHEN the operator posts two entries, the second a warning
        as(operator).body(Map.of("content", "pump started")).post(LOGGING)
                .then().statusCode(201).body("status", equalTo("success"))
                .body("message", equalTo("Log entry successfully created."));
        as(operator).body(Map.of("content", "pressure high", "logging_type", "warning")).post(LOGGING)
                .then().statusCode(201);

        // THEN the viewer lists them newest first, with the seed's fields
        as(viewer).get(LOGGING).then().statusCode(200)
                .body("page", equalTo(1)).body("page_size", equalTo(25)).body("total", equalTo(2))
                .body("data.content", contains("pressure high", "pump started"))
                .body("data.logging_type", contains("warning", "info"))
                .body("data.status_type", contains("unread", "unread"))
                .body("data.user_public_id", contains(operator.userPublicId(), operator.userPublicId()))
                .body("data[0].public_id", notNullValue())
                .body("data[0].created_on", notNullValue());
        String id = as(viewer).get(LOGGING).jsonPath().getString("data[1].public_id");
        String createdOn = as(viewer).get(LOGGING + "/" + id).then().statusCode(200)
                .body("public_id", equalTo(id)).body("content", equalTo("pump started"))
                .body("logging_type", equalTo("info")).body("status_type", equalTo("unread"))
                .body("user_public_id", equalTo(operator.userPublicId()))
                .extract().jsonPath().getString("created_on");
        assertEquals(true, Duration.between(Instant.parse(createdOn), Instant.now()).abs().toMinutes() < 1);
    }

    @Test
    void updatesMarkReadAndChangeContent() {
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        String id = create(admin, "disk almost full");

        as(admin).body(Map.of("status_type", "read")).put(LOGGING + "/" + id).then().statusCode(200)
                .body("status", equalTo("success")).body("message", equalTo("LogEntry successfully updated."));
        as(admin).get(LOGGING + "/" + id).then().body("status_type", equalTo("read"))
                .body("content", equalTo("disk almost full"));

        as(admin).body(Map.of("content", "disk full", "status_type", "unread")).put(LOGGING + "/" + id)
                .then().statusCode(200);
        as(admin).get(LOGGING + "/" + id).then().body("status_type", equalTo("unread"))
                .body("content", equalTo("disk full"));
    }

    @Test
    void invalidBodiesAre422WithTheField() {
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        String id = create(admin, "valid");

        assertInvalid(as(admin).body(Map.of("content", "x".repeat(501))).post(LOGGING).then(), "content");
        assertInvalid(as(admin).body(Map.of("content", "")).post(LOGGING).then(), "content");
        assertInvalid(as(admin).body(Map.of("logging_type", "info")).post(LOGGING).then(), "content");
        assertInvalid(as(admin).body(Map.of("content", "x", "logging_type", "debug")).post(LOGGING).then(),
                "logging_type");
        assertInvalid(as(admin).body(Map.of("status_type", "seen")).put(LOGGING + "/" + id).then(), "status_type");
        assertInvalid(as(admin).body(Map.of("content", "x".repeat(501))).put(LOGGING + "/" + id).then(), "content");
        as(admin).body("{\"content\":").post(LOGGING).then().statusCode(400);
        as(admin).post(LOGGING).then().statusCode(422);

        // The longest content is accepted; nothing invalid was stored.
        as(admin).body(Map.of("content", "y".repeat(500), "logging_type", "error")).post(LOGGING)
                .then().statusCode(201);
        as(admin).get(LOGGING).then().body("total", equalTo(2)).body("data[1].content", equalTo("valid"));
    }

    @Test
    void viewersCannotWrite() {
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        Account viewer = TestAccounts.addUser(admin.tenant(), Role.VIEWER);
        String id = create(admin, "existing");

        as(viewer).body(Map.of("content", "mine")).post(LOGGING).then().statusCode(403)
                .body("detail", equalTo("Operator privileges required."));
        as(viewer).body(Map.of("status_type", "read")).put(LOGGING + "/" + id).then().statusCode(403)
                .body("detail", equalTo("Operator privileges required."));
        as(admin).get(LOGGING + "/" + id).then().body("status_type", equalTo("unread"));
        as(admin).get(LOGGING).then().body("total", equalTo(1));
    }

    @Test
    void unknownIdsAre404() {
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        String unknown = UUID.randomUUID().toString();

        as(admin).get(LOGGING + "/" + unknown).then().statusCode(404)
                .body("detail", equalTo("LogEntry '" + unknown + "' not found."));
        as(admin).body(Map.of("status_type", "read")).put(LOGGING + "/" + unknown).then().statusCode(404)
                .body("detail", equalTo("LogEntry '" + unknown + "' not found."));
        as(admin).get(LOGGING + "/not-a-uuid").then().statusCode(404);
    }

    @Test
    void anotherTenantsEntriesAreInvisibleAndItsIdsAre404WithEveryMethod() {
        // GIVEN an entry of tenant A
        Account adminA = TestAccounts.newTenantWith(Role.ADMIN);
        Account adminB = TestAccounts.newTenantWith(Role.ADMIN);
        String idOfA = create(adminA, "tenant A only");

        // WHEN tenant B lists, reads and updates it
        as(adminB).get(LOGGING).then().statusCode(200).body("total", equalTo(0)).body("data", hasSize(0));
        as(adminB).get(LOGGING + "/" + idOfA).then().statusCode(404)
                .body("detail", equalTo("LogEntry '" + idOfA + "' not found."));
        as(adminB).body(Map.of("status_type", "read", "content", "hijacked")).put(LOGGING + "/" + idOfA)
                .then().statusCode(404).body("detail", equalTo("LogEntry '" + idOfA + "' not found."));

        // THEN A's entry is unchanged
        as(adminA).get(LOGGING + "/" + idOfA).then().statusCode(200)
                .body("content", equalTo("tenant A only")).body("status_type", equalTo("unread"));
    }

    @Test
    void listsArePaginated() {
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        for (String content : List.of("one", "two", "three")) {
            create(admin, content);
        }

        as(admin).queryParam("page", 1).queryParam("page_size", 2).get(LOGGING).then().statusCode(200)
                .body("total", equalTo(3)).body("page_size", equalTo(2)).body("data.content", contains("three", "two"));
        as(admin).queryParam("page", 2).queryParam("page_size", 2).get(LOGGING).then()
                .body("page", equalTo(2)).body("data.content", contains("one"));
        as(admin).queryParam("page_size", 101).get(LOGGING).then().statusCode(422);
    }

    @Test
    void theGatewayWritesSystemEntriesThroughTheLogBook() {
        // GIVEN a tenant
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        long tenantRowId = tenantRowId(admin.tenant());

        // WHEN the gateway writes an over-long error entry of no user
        logBook.write(tenantRowId, "e".repeat(600), LogBook.ERROR, null).await().atMost(Duration.ofSeconds(5));

        // THEN the tenant reads it, cut to 500 characters; a bad type is refused
        as(admin).get(LOGGING).then().body("total", equalTo(1))
                .body("data[0].content", equalTo("e".repeat(500))).body("data[0].logging_type", equalTo("error"))
                .body("data[0].user_public_id", nullValue());
        assertThrows(IllegalArgumentException.class, () -> logBook.write(tenantRowId, "x", "debug", null));
    }

    private static void assertInvalid(io.restassured.response.ValidatableResponse response, String field) {
        response.statusCode(422).body("code", equalTo("validation_error"))
                .body("errors[0].loc", contains("body", field));
    }

    private static String create(Account account, String content) {
        as(account).body(Map.of("content", content)).post(LOGGING).then().statusCode(201);
        return as(account).get(LOGGING).jsonPath().getString("data[0].public_id");
    }

    private static RequestSpecification as(Account account) {
        return given().header("Authorization", account.bearer()).contentType("application/json");
    }

    private static long tenantRowId(TenantId tenant) {
        Config config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        try (Connection connection = DriverManager.getConnection(
                url + (url.contains("?") ? "&" : "?") + "currentSchema=gateway",
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
                PreparedStatement statement = connection
                        .prepareStatement("SELECT id FROM tenant WHERE public_id = ?")) {
            statement.setString(1, tenant.value());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
