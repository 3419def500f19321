package io.fieldline.rules.incident;

import static io.fieldline.rules.Fixtures.as;
import static io.fieldline.rules.Fixtures.createRule;
import static io.fieldline.rules.Fixtures.gtRule;
import static io.fieldline.rules.Fixtures.newEvent;
import static io.fieldline.rules.Fixtures.newTenant;
import static io.fieldline.rules.Fixtures.send;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.fieldline.model.Role;
import io.fieldline.rules.Fixtures;
import io.fieldline.rules.StubIngestResource;
import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.MintedIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The seed 002 lifecycle: acknowledge, shelve (expiring by itself), unshelve, resolve; history, lists, summary. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
@QuarkusTestResource(StubIngestResource.class)
class AlarmLifecycleTest {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void operatorsWalkAnIncidentThroughItsLifecycle() {
        // GIVEN an active incident
        MintedIdentity operator = newTenant(Role.OPERATOR);
        MintedIdentity viewer = Fixtures.sameTenant(operator, Role.VIEWER);
        String event = newEvent(operator);
        String rule = createRule(operator, gtRule("Hot", event, 50, 0, "\"severity\":\"critical\""));
        send(operator.tenant(), event, T0, 60);
        String id = Fixtures.incidentRecords(rule, 1).get(0).get("incident_id").asText();

        // Viewers read, but may not act
        as(viewer).when().get("/api/v1/alarms/" + id).then().statusCode(200).body("status", equalTo("active"))
                .body("severity", equalTo("critical"));
        as(viewer).when().post("/api/v1/alarms/" + id + "/acknowledge").then().statusCode(403);
        as(viewer).body("{\"duration_seconds\":60}").when().post("/api/v1/alarms/" + id + "/shelve").then()
                .statusCode(403);

        // WHEN an operator acknowledges with a note
        as(operator).body("{\"note\":\"on it\"}").when().post("/api/v1/alarms/" + id + "/acknowledge").then()
                .statusCode(200).body("status", equalTo("acknowledged"))
                .body("acknowledged_by", equalTo(operator.subject())).body("acknowledged_note", equalTo("on it"))
                .body("acknowledged_at", notNullValue());
        as(operator).when().post("/api/v1/alarms/" + id + "/acknowledge").then().statusCode(409)
                .body("code", equalTo("conflict"));

        // Shelving needs a future expiry
        as(operator).body("{}").when().post("/api/v1/alarms/" + id + "/shelve").then().statusCode(422);
        as(operator).body("{\"until\":\"2000-01-01T00:00:00Z\"}").when().post("/api/v1/alarms/" + id + "/shelve")
                .then().statusCode(422);
        as(operator).body("{\"until\":\"soon\"}").when().post("/api/v1/alarms/" + id + "/shelve").then()
                .statusCode(422);

        // WHEN it is shelved for a second, THEN the shelf expires by itself back to acknowledged
        as(operator).body("{\"duration_seconds\":1}").when().post("/api/v1/alarms/" + id + "/shelve").then()
                .statusCode(200).body("status", equalTo("shelved")).body("shelved_until", notNullValue());
        Await.until("shelf expired", Duration.ofSeconds(10),
                () -> "acknowledged".equals(as(operator).when().get("/api/v1/alarms/" + id).path("status")));

        // WHEN shelved again and unshelved by hand, THEN acknowledged again
        as(operator).body("{\"duration_seconds\":3600,\"note\":\"maintenance\"}").when()
                .post("/api/v1/alarms/" + id + "/shelve").then().statusCode(200);
        as(operator).when().post("/api/v1/alarms/" + id + "/unshelve").then().statusCode(200)
                .body("status", equalTo("acknowledged"));
        as(operator).when().post("/api/v1/alarms/" + id + "/unshelve").then().statusCode(409);

        // WHEN resolved, THEN closed for good
        as(operator).body("{\"note\":\"replaced sensor\"}").when().post("/api/v1/alarms/" + id + "/resolve").then()
                .statusCode(200).body("status", equalTo("resolved")).body("resolved_by", equalTo(operator.subject()))
                .body("resolved_note", equalTo("replaced sensor"));
        as(operator).when().post("/api/v1/alarms/" + id + "/resolve").then().statusCode(409);

        // THEN the history lists every transition with its actor
        as(operator).when().get("/api/v1/alarms/" + id).then().statusCode(200)
                .body("history.transition", equalTo(List.of("raised", "acknowledged", "shelved", "unshelved",
                        "shelved", "unshelved", "resolved")))
                .body("history[0].actor", equalTo(null)).body("history[1].actor", equalTo(operator.subject()))
                .body("history[1].note", equalTo("on it")).body("history[3].note", equalTo("shelf expired"));
        // AND every transition was published
        List<String> transitions = Fixtures.incidentRecords(rule, 7).stream()
                .map(r -> r.get("transition").asText()).sorted().toList();
        assertEquals(List.of("acknowledged", "raised", "resolved", "shelved", "shelved", "unshelved", "unshelved"),
                transitions);
    }

    @Test
    void aResolvedIncidentIsNotReopenedUntilTheValueReturnsAndViolatesAgain() {
        MintedIdentity operator = newTenant(Role.OPERATOR);
        String event = newEvent(operator);
        String rule = createRule(operator, gtRule("Stuck", event, 50, 0, ""));
        send(operator.tenant(), event, T0, 60);
        String first = Fixtures.incidentRecords(rule, 1).get(0).get("incident_id").asText();
        as(operator).when().post("/api/v1/alarms/" + first + "/resolve").then().statusCode(200);

        // WHEN the value stays high, THEN nothing new; WHEN it returns and crosses again, THEN a new incident
        send(operator.tenant(), event, T0.plusSeconds(1), 70, 40, 65);
        String second = Fixtures.incidentRecords(rule, 3).get(2).get("incident_id").asText();
        as(operator).when().get("/api/v1/alarms?rule=" + rule).then().body("total", equalTo(2));
        as(operator).when().get("/api/v1/alarms/" + second).then().body("first_value", equalTo(65.0f))
                .body("status", equalTo("active"));
    }

    @Test
    void listsFilterAndPaginateAndTheSummaryCountsPerTenant() {
        MintedIdentity operator = newTenant(Role.OPERATOR);
        String event = newEvent(operator);
        String warm = createRule(operator, gtRule("Warm", event, 50, 0, "\"severity\":\"info\""));
        String hot = createRule(operator, gtRule("Hot", event, 80, 0, "\"severity\":\"life_safety\""));
        send(operator.tenant(), event, T0, 90);
        String warmId = Fixtures.incidentRecords(warm, 1).get(0).get("incident_id").asText();
        String hotId = Fixtures.incidentRecords(hot, 1).get(0).get("incident_id").asText();
        as(operator).when().post("/api/v1/alarms/" + warmId + "/acknowledge").then().statusCode(200);

        as(operator).when().get("/api/v1/alarms").then().statusCode(200).body("total", equalTo(2))
                .body("page_size", equalTo(25));
        as(operator).when().get("/api/v1/alarms?page_size=1&page=2").then().body("total", equalTo(2))
                .body("data.size()", equalTo(1));
        as(operator).when().get("/api/v1/alarms?status=acknowledged").then().body("total", equalTo(1))
                .body("data[0].public_id", equalTo(warmId));
        as(operator).when().get("/api/v1/alarms?severity=life_safety").then().body("total", equalTo(1))
                .body("data[0].public_id", equalTo(hotId));
        as(operator).when().get("/api/v1/alarms?event=" + event + "&rule=" + hot).then().body("total", equalTo(1));
        as(operator).when().get("/api/v1/alarms?from=" + T0.plusSeconds(1)).then().body("total", equalTo(0));
        as(operator).when().get("/api/v1/alarms?from=" + T0 + "&to=" + T0.plusSeconds(1)).then()
                .body("total", equalTo(2));
        as(operator).when().get("/api/v1/alarms?status=open").then().statusCode(422);
        as(operator).when().get("/api/v1/alarms?from=yesterday").then().statusCode(422);
        as(operator).when().get("/api/v1/alarms?page_size=0").then().statusCode(422);

        as(operator).when().get("/api/v1/alarms/summary").then().statusCode(200).body("total", equalTo(2))
                .body("open", equalTo(2)).body("by_status.active", equalTo(1))
                .body("by_status.acknowledged", equalTo(1)).body("by_status.resolved", equalTo(0))
                .body("by_severity.info", equalTo(1)).body("by_severity.life_safety", equalTo(1))
                .body("by_severity.warning", equalTo(0));

        // Another tenant sees none of it
        MintedIdentity stranger = newTenant(Role.ADMIN);
        as(stranger).when().get("/api/v1/alarms/" + hotId).then().statusCode(404)
                .body("detail", equalTo("Alarm '" + hotId + "' not found."));
        as(stranger).when().post("/api/v1/alarms/" + hotId + "/acknowledge").then().statusCode(404);
        as(stranger).when().get("/api/v1/alarms").then().body("total", equalTo(0));
        as(stranger).when().get("/api/v1/alarms/summary").then().body("total", equalTo(0));
        as(operator).when().get("/api/v1/alarms/not-an-id").then().statusCode(404);
    }
}
