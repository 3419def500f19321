package io.fieldline.rules.engine;

import static io.fieldline.rules.Fixtures.as;
import static io.fieldline.rules.Fixtures.createRule;
import static io.fieldline.rules.Fixtures.gtRule;
import static io.fieldline.rules.Fixtures.newEvent;
import static io.fieldline.rules.Fixtures.newTenant;
import static io.fieldline.rules.Fixtures.send;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

/** Threshold evaluation on the live stream: hysteresis, cooldown, delay, every datapoint, broken rules. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
@QuarkusTestResource(StubIngestResource.class)
class EvaluationTest {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Inject
    Pool pool;

    @Test
    void raisesOnceCountsWhileOpenAndClearsPastTheDeadband() {
        // GIVEN gt 50 with a deadband of 5 and no cooldown
        MintedIdentity operator = newTenant(Role.OPERATOR);
        String event = newEvent(operator);
        String rule = createRule(operator, gtRule("Hot", event, 50, 0, "\"deadband\":5"));

        // WHEN values cross, stay above, fall inside the deadband, then below it
        send(operator.tenant(), event, T0, 40, 55, 60, 52, 47, 44);

        // THEN one incident was raised (by 55) and cleared (by 44), published in order with the rule snapshot
        List<JsonNode> records = Fixtures.incidentRecords(rule, 2);
        JsonNode raised = records.get(0);
        assertEquals("raised", raised.get("transition").asText());
        assertEquals("active", raised.get("status").asText());
        assertEquals("warning", raised.get("severity").asText());
        assertEquals(55.0, raised.get("value").asDouble());
        assertEquals(event, raised.get("event_id").asText());
        assertEquals(operator.tenant().value(), raised.get("tenant_id").asText());
        assertEquals("Hot", raised.get("rule").get("name").asText());
        assertEquals("gt", raised.get("rule").get("operator").asText());
        assertEquals(50.0, raised.get("rule").get("threshold").asDouble());
        assertEquals("webhook", raised.get("rule").get("action_type").asText());
        assertEquals("sensor.threshold_exceeded", raised.get("rule").get("webhook_event_type").asText());
        assertEquals(T0.plusSeconds(1), Instant.parse(raised.get("occurred_at").asText()));
        assertEquals("cleared", records.get(1).get("transition").asText());
        assertEquals(44.0, records.get(1).get("value").asDouble());
        assertEquals(raised.get("incident_id").asText(), records.get(1).get("incident_id").asText());

        // AND the incident counts the three violating values, keeps the peak and its history
        String incident = raised.get("incident_id").asText();
        as(operator).when().get("/api/v1/alarms/" + incident).then().statusCode(200)
                .body("status", equalTo("cleared")).body("rule_public_id", equalTo(rule))
                .body("rule_name", equalTo("Hot")).body("event_public_id", equalTo(event))
                .body("first_value", equalTo(55.0f)).body("peak_value", equalTo(60.0f))
                .body("last_value", equalTo(44.0f)).body("count", equalTo(3)).body("cleared_at", notNullValue())
                .body("history.transition", equalTo(List.of("raised", "cleared")))
                .body("history[1].from_status", equalTo("active")).body("history[1].value", equalTo(44.0f));
        as(operator).when().get("/api/v1/rules/" + rule).then().body("last_triggered_at", notNullValue());
    }

    @Test
    void everyDatapointOfABatchIsEvaluatedInOrder() {
        MintedIdentity operator = newTenant(Role.OPERATOR);
        String event = newEvent(operator);
        String rule = createRule(operator, gtRule("Flappy", event, 50, 0, ""));

        // WHEN one record carries a crossing, a return and another crossing
        send(operator.tenant(), event, T0, 60, 40, 70);

        // THEN all three matter, not only the last value
        List<JsonNode> records = Fixtures.incidentRecords(rule, 3);
        assertEquals(List.of("raised", "cleared", "raised"),
                records.stream().map(r -> r.get("transition").asText()).toList());
        as(operator).when().get("/api/v1/alarms?rule=" + rule).then().body("total", equalTo(2));
    }

    @Test
    void cooldownKeepsAFlappingValueFromRaisingAgain() {
        MintedIdentity operator = newTenant(Role.OPERATOR);
        String event = newEvent(operator);
        String rule = createRule(operator, gtRule("Calm", event, 50, 3600, ""));

        send(operator.tenant(), event, T0, 60, 40, 70, 40, 80);

        Fixtures.incidentRecords(rule, 2);
        assertEquals(List.of("raised", "cleared"), Fixtures.transitionsWithin(rule, Duration.ofSeconds(2)));
        as(operator).when().get("/api/v1/alarms?rule=" + rule).then().body("total", equalTo(1));
    }

    @Test
    void delayRequiresTheConditionToHoldAndRestartsWhenItLapses() {
        MintedIdentity operator = newTenant(Role.OPERATOR);
        String event = newEvent(operator);
        String rule = createRule(operator, gtRule("Slow", event, 50, 0, "\"delay_seconds\":5"));

        // 3 s above, a dip, then above from t=4 s: held 5 s at t=9 s
        send(operator.tenant(), event, T0, 60, 60, 60, 40, 60, 60, 60, 60, 60, 61, 62);

        JsonNode raised = Fixtures.incidentRecords(rule, 1).get(0);
        assertEquals(61.0, raised.get("value").asDouble());
        assertEquals(T0.plusSeconds(9), Instant.parse(raised.get("occurred_at").asText()));
    }

    @Test
    void aBrokenRuleIsCountedAndDoesNotStallTheOthersAndChangesApplyWithoutRestart() {
        // GIVEN two rules on one event, one of them broken behind the API's back (as another replica could)
        MintedIdentity operator = newTenant(Role.OPERATOR);
        String event = newEvent(operator);
        String good = createRule(operator, gtRule("Good", event, 50, 0, ""));
        String broken = createRule(operator, gtRule("Broken", event, 50, 0, ""));
        double failuresBefore = failures();
        pool.preparedQuery("UPDATE rule SET operator = NULL, updated_on = now() WHERE public_id = $1")
                .execute(Tuple.of(broken)).await().atMost(Duration.ofSeconds(5));
        // Polling picks changes made elsewhere up within a second.
        sleep(1200);

        // WHEN a malformed record and a crossing arrive
        Fixtures.sendRaw(operator.tenant(), event, "{not json");
        send(operator.tenant(), event, T0, 70);

        // THEN the good rule raised, the broken one was counted as a failure
        assertEquals("raised", Fixtures.incidentRecords(good, 1).get(0).get("transition").asText());
        Await.until("failure counted", Duration.ofSeconds(5), () -> failures() > failuresBefore);

        // AND a threshold changed through the API applies to the next datapoint
        as(operator).body("{\"threshold\":100}").when().put("/api/v1/rules/" + good).then().statusCode(200);
        send(operator.tenant(), event, T0.plusSeconds(1), 90);
        List<JsonNode> records = Fixtures.incidentRecords(good, 2);
        assertEquals("cleared", records.get(1).get("transition").asText());
        assertTrue(Fixtures.transitionsWithin(broken, Duration.ofMillis(500)).isEmpty());
    }

    @Test
    void howLateEvaluationRunsAndHowLongEachStageTakesAreMeasured() {
        // GIVEN a rule, and the stage timers' counts so far
        MintedIdentity operator = newTenant(Role.OPERATOR);
        String event = newEvent(operator);
        String rule = createRule(operator, gtRule("Timed", event, 50, 0, ""));
        double batches = metric("fieldline_rules_batch_duration_seconds_count");
        double published = metric("fieldline_rules_outbox_lag_seconds_count");

        // WHEN a record that waited 30 s in Kafka (its timestamp says so) arrives, then a crossing
        Fixtures.sendRaw(operator.tenant(), event, "{not json", Instant.now().minusSeconds(30));
        send(operator.tenant(), event, T0, 70);
        Fixtures.incidentRecords(rule, 1);

        // THEN the evaluation lag shows the wait (a stalled engine shows there), and each stage counted its work
        Await.until("stages measured", Duration.ofSeconds(5),
                () -> metric("fieldline_rules_batch_duration_seconds_count") > batches
                        && metric("fieldline_rules_outbox_lag_seconds_count") > published);
        double worstLag = metric("fieldline_rules_evaluation_lag_seconds_max");
        assertTrue(worstLag >= 29 && worstLag < 120, () -> "evaluation lag max " + worstLag + " s");
        assertTrue(metric("fieldline_rules_evaluation_lag_seconds_bucket") > 0, "lag histogram published");
    }

    private static double failures() {
        return metric("fieldline_rules_evaluation_failures_total");
    }

    // The sum of a metric's series (e.g. a counter over its tags).
    private static double metric(String name) {
        String metrics = RestAssured.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
