package io.fieldline.gateway.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.fieldline.gateway.StubServicesResource;
import io.fieldline.gateway.TestAccounts;
import io.fieldline.gateway.TestAccounts.Account;
import io.fieldline.model.Role;
import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
@QuarkusTestResource(StubServicesResource.class)
class AuditTrailTest {

    private static final String EVENTS = "/api/v1/audit/events";
    private static final String LOGGING = "/api/v1/logging";
    private static final Duration WRITTEN = Duration.ofSeconds(10);

    @Test
    void aWriteIsAuditedWithActorActionOutcomeAndRequestId() {
        // GIVEN an operator and the admin of its tenant
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        Account operator = TestAccounts.addUser(admin.tenant(), Role.OPERATOR);

        // WHEN the operator adds a log entry
        String requestId = createLogEntry(operator, "pump started", 201);

        // THEN the admin finds the event, with who, what, how it went and the request id
        Map<String, Object> event = awaitEvent(admin, requestId);
        assertEquals(operator.userPublicId(), event.get("actor"));
        assertEquals("user", event.get("credential_kind"));
        assertEquals("POST /api/v1/logging", event.get("action"));
        assertNull(event.get("target"));
        assertEquals("success", event.get("outcome"));
        assertNotNull(event.get("client_ip"));
        assertNotNull(event.get("public_id"));
        Instant occurred = Instant.parse((String) event.get("occurred_at"));
        assertTrue(Duration.between(occurred, Instant.now()).abs().toMinutes() < 1, "occurred_at " + occurred);
    }

    @Test
    void anUpdateIsAuditedWithTheIdTemplatedAndAsTarget() {
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        createLogEntry(admin, "to be read", 201);
        String entryId = given().header("Authorization", admin.bearer()).get(LOGGING).jsonPath()
                .getString("data[0].public_id");

        String requestId = given().header("Authorization", admin.bearer()).contentType("application/json")
                .body("{\"status_type\":\"read\"}").put(LOGGING + "/" + entryId)
                .then().statusCode(200).extract().header("X-Request-ID");

        Map<String, Object> event = awaitEvent(admin, requestId);
        assertEquals("PUT /api/v1/logging/{id}", event.get("action"));
        assertEquals(entryId, event.get("target"));
        assertEquals("success", event.get("outcome"));
    }

    @Test
    void aRefusedWriteIsAuditedAsDeniedAndAFailedOneAsFailure() {
        // GIVEN a viewer and the admin of its tenant
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        Account viewer = TestAccounts.addUser(admin.tenant(), Role.VIEWER);

        // WHEN the viewer tries to write, and the admin writes something invalid
        String denied = createLogEntry(viewer, "not allowed", 403);
        String failed = createLogEntry(admin, "", 422);

        // THEN both are in the trail with their outcomes
        Map<String, Object> deniedEvent = awaitEvent(admin, denied);
        assertEquals(viewer.userPublicId(), deniedEvent.get("actor"));
        assertEquals("denied", deniedEvent.get("outcome"));
        assertEquals("POST /api/v1/logging", deniedEvent.get("action"));
        assertEquals("failure", awaitEvent(admin, failed).get("outcome"));
    }

    @Test
    void aWriteRefusedByAuthenticationIsAuditedWithoutTenantOrActor() {
        String requestId = given().contentType("application/json").body("{\"content\":\"anonymous\"}")
                .header("Authorization", "Bearer not-a-token")
                .post(LOGGING).then().statusCode(401).extract().header("X-Request-ID");

        Map<String, Object> row = Await.until("the refused write is stored", WRITTEN,
                () -> AuditRows.byRequestId(requestId), found -> found != null);
        assertNull(row.get("tenant_id"));
        assertNull(row.get("actor"));
        assertNull(row.get("credential_kind"));
        assertEquals("POST /api/v1/logging", row.get("action"));
        assertEquals("denied", row.get("outcome"));
    }

    @Test
    void readsAreNotAudited() {
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        given().header("Authorization", admin.bearer()).get(LOGGING).then().statusCode(200);
        String write = createLogEntry(admin, "after the read", 201);

        // Once the later write is visible, an audited read would be too.
        awaitEvent(admin, write);
        given().header("Authorization", admin.bearer()).get(EVENTS).then().statusCode(200)
                .body("total", equalTo(1)).body("data[0].action", equalTo("POST /api/v1/logging"));
    }

    @Test
    void acceptedDatapointIntakeIsNotAuditedButARefusedOneIs() {
        // GIVEN an admin
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        String datapoint = "{\"event_public_id\":\"e1\",\"value\":1.5}";

        // WHEN it sends a datapoint and a batch (both accepted), someone sends one with a bad token, and the admin
        // then writes a log entry
        given().header("Authorization", admin.bearer()).contentType("application/json").body(datapoint)
                .post("/api/v1/datapoints").then().statusCode(200);
        given().header("Authorization", admin.bearer()).contentType("application/json")
                .body("{\"datapoints\":[" + datapoint + "]}").post("/api/v1/datapoints/batch")
                .then().statusCode(201);
        String refused = given().header("Authorization", "Bearer not-a-token").contentType("application/json")
                .body(datapoint).post("/api/v1/datapoints")
                .then().statusCode(401).extract().header("X-Request-ID");
        String write = createLogEntry(admin, "after the datapoints", 201);

        // THEN the refusal is in the trail, and once the later write is visible, the accepted intake is not
        Map<String, Object> row = Await.until("the refused datapoint is stored", WRITTEN,
                () -> AuditRows.byRequestId(refused), found -> found != null);
        assertEquals("POST /api/v1/datapoints", row.get("action"));
        assertEquals("denied", row.get("outcome"));
        awaitEvent(admin, write);
        given().header("Authorization", admin.bearer()).get(EVENTS).then().statusCode(200)
                .body("total", equalTo(1)).body("data[0].action", equalTo("POST /api/v1/logging"));
    }

    @Test
    void filtersByActorActionAndTime() {
        // GIVEN an admin's and an operator's writes in one tenant
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        Account operator = TestAccounts.addUser(admin.tenant(), Role.OPERATOR);
        createLogEntry(admin, "by admin", 201);
        String last = createLogEntry(operator, "by operator", 201);
        given().header("Authorization", operator.bearer()).contentType("application/json").body("{}")
                .put(LOGGING + "/" + UUID.randomUUID()).then().statusCode(404);
        awaitTotal(admin, 3);
        Instant at = Instant.parse((String) awaitEvent(admin, last).get("occurred_at"));

        // THEN each filter narrows the list, alone and combined
        JsonPath byActor = events(admin, Map.of("actor", operator.userPublicId()));
        assertEquals(2, byActor.getInt("total"));
        assertTrue(byActor.getList("data.actor").stream().allMatch(operator.userPublicId()::equals));
        assertEquals(2, events(admin, Map.of("action", "POST /api/v1/logging")).getInt("total"));
        JsonPath both = events(admin, Map.of("actor", operator.userPublicId(), "action", "PUT /api/v1/logging/{id}"));
        assertEquals(1, both.getInt("total"));
        assertEquals("failure", both.getString("data[0].outcome"));
        assertEquals(0, events(admin, Map.of("from", Instant.now().plusSeconds(60).toString())).getInt("total"));
        assertEquals(0, events(admin, Map.of("to", at.minusSeconds(600).toString())).getInt("total"));
        assertEquals(3, events(admin, Map.of("from", at.minusSeconds(600).toString(),
                "to", Instant.now().plusSeconds(60).toString())).getInt("total"));
        assertEquals(0, events(admin, Map.of("actor", "someone-else")).getInt("total"));
    }

    @Test
    void paginatesNewestFirst() {
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        String first = createLogEntry(admin, "one", 201);
        String second = createLogEntry(admin, "two", 201);
        String third = createLogEntry(admin, "three", 201);
        awaitTotal(admin, 3);

        JsonPath page1 = events(admin, Map.of("page", 1, "page_size", 2));
        JsonPath page2 = events(admin, Map.of("page", 2, "page_size", 2));
        JsonPath beyond = events(admin, Map.of("page", 3, "page_size", 2));

        assertEquals(List.of(third, second), page1.getList("data.request_id"));
        assertEquals(2, page1.getInt("page_size"));
        assertEquals(3, page1.getInt("total"));
        assertEquals(List.of(first), page2.getList("data.request_id"));
        assertEquals(2, page2.getInt("page"));
        assertEquals(List.of(), beyond.getList("data"));
        assertEquals(3, beyond.getInt("total"));
    }

    @Test
    void unreadableTimesAndPagesAre422() {
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);

        for (Map<String, Object> query : List.<Map<String, Object>>of(Map.of("from", "yesterday"),
                Map.of("to", "2025-13-45T00:00:00Z"), Map.of("page_size", 0), Map.of("page", 0),
                Map.of("from", "2025-02-01T00:00:00Z", "to", "2025-01-01T00:00:00Z"))) {
            given().header("Authorization", admin.bearer()).queryParams(query).get(EVENTS)
                    .then().statusCode(422).body("code", equalTo("validation_error")).body("errors", hasSize(1));
        }
        // Other ISO-8601 spellings are accepted.
        for (String time : List.of("2025-01-01", "2025-01-01T00:00:00", "2025-01-01T02:00:00+02:00")) {
            given().header("Authorization", admin.bearer()).queryParam("from", time).get(EVENTS)
                    .then().statusCode(200);
        }
    }

    @Test
    void onlyAdminsReadTheTrail() {
        Account admin = TestAccounts.newTenantWith(Role.ADMIN);
        for (Role role : List.of(Role.VIEWER, Role.OPERATOR)) {
            Account user = TestAccounts.addUser(admin.tenant(), role);
            given().header("Authorization", user.bearer()).get(EVENTS)
                    .then().statusCode(403).body("detail", equalTo("Admin privileges required."));
        }
        given().get(EVENTS).then().statusCode(401);
    }

    @Test
    void anotherTenantsEventsAreNeverVisible() {
        // GIVEN a write in tenant A
        Account adminA = TestAccounts.newTenantWith(Role.ADMIN);
        Account adminB = TestAccounts.newTenantWith(Role.ADMIN);
        String writeOfA = createLogEntry(adminA, "tenant A", 201);
        awaitEvent(adminA, writeOfA);

        // WHEN tenant B's admin reads its trail, even filtering for A's user
        JsonPath all = events(adminB, Map.of());
        JsonPath forA = events(adminB, Map.of("actor", adminA.userPublicId()));

        // THEN nothing of A shows
        assertEquals(0, all.getInt("total"));
        assertEquals(0, forA.getInt("total"));
    }

    @Test
    void droppedRecordsAreCountedInAMetric() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("fieldline_audit_dropped_total"))
                .body(containsString("reason=\"queue_full\""))
                .body(containsString("reason=\"write_failed\""));
    }

    private static String createLogEntry(Account account, String content, int status) {
        return given().header("Authorization", account.bearer()).contentType("application/json")
                .body(Map.of("content", content)).post(LOGGING)
                .then().statusCode(status).extract().header("X-Request-ID");
    }

    private static JsonPath events(Account account, Map<String, ?> query) {
        return given().header("Authorization", account.bearer()).queryParams(query).get(EVENTS)
                .then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> awaitEvent(Account admin, String requestId) {
        return Await.until("audit event of request " + requestId, WRITTEN, () -> {
            List<Map<String, Object>> data = events(admin, Map.of("page_size", 100)).getList("data");
            return data.stream().filter(e -> requestId.equals(e.get("request_id"))).findFirst().orElse(null);
        }, found -> found != null);
    }

    private static void awaitTotal(Account admin, int total) {
        Await.until(total + " audit events", WRITTEN, () -> events(admin, Map.of()).getInt("total") == total);
    }
}
