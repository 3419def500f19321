package io.fieldline.rules.engine;

import static io.fieldline.rules.Fixtures.as;
import static io.fieldline.rules.Fixtures.createRule;
import static io.fieldline.rules.Fixtures.gtRule;
import static io.fieldline.rules.Fixtures.newEvent;
import static io.fieldline.rules.Fixtures.newTenant;
import static io.fieldline.rules.Fixtures.send;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

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
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Restart safety: state rebuilt from PostgreSQL neither re-raises an open incident nor forgets a cooldown, and
 * PostgreSQL or Kafka outages pause work without losing or doubling transitions.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
@QuarkusTestResource(StubIngestResource.class)
class RecoveryTest {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Inject
    Engine engine;

    @Inject
    Pool pool;

    @Test
    void stateRebuiltAfterARestartKeepsOpenIncidentsAndCooldowns() {
        // GIVEN a raised incident under a one-hour cooldown
        MintedIdentity operator = newTenant(Role.OPERATOR);
        String event = newEvent(operator);
        String rule = createRule(operator, gtRule("Sticky", event, 50, 3600, ""));
        send(operator.tenant(), event, T0, 60);
        String incident = Fixtures.incidentRecords(rule, 1).get(0).get("incident_id").asText();

        // WHEN the engine loses its memory (as in a restart or rebalance) and the value stays high
        engine.forgetAll().await().atMost(Duration.ofSeconds(5));
        send(operator.tenant(), event, T0.plusSeconds(1), 70);

        // THEN the open incident counts it instead of a second one being raised
        Await.until("counted", Duration.ofSeconds(10),
                () -> Integer.valueOf(2).equals(as(operator).when().get("/api/v1/alarms/" + incident).path("count")));

        // WHEN it clears, the memory goes again, and the value crosses within the cooldown
        send(operator.tenant(), event, T0.plusSeconds(2), 40);
        Fixtures.incidentRecords(rule, 2);
        engine.forgetAll().await().atMost(Duration.ofSeconds(5));
        send(operator.tenant(), event, T0.plusSeconds(3), 80);

        // THEN the cooldown still holds: no new incident
        assertEquals(List.of("raised", "cleared"), Fixtures.transitionsWithin(rule, Duration.ofSeconds(2)));
        as(operator).when().get("/api/v1/alarms?rule=" + rule).then().body("total", equalTo(1));
    }

    @Test
    void aPostgresOutageInTheMiddlePausesEvaluationWithoutLossOrDoubles() {
        var postgres = EmbeddedPostgresResource.server();
        Assumptions.assumeTrue(postgres != null, "external PostgreSQL: cannot stop it");
        MintedIdentity operator = newTenant(Role.OPERATOR);
        String event = newEvent(operator);
        String rule = createRule(operator, gtRule("Outage", event, 50, 0, ""));
        send(operator.tenant(), event, T0, 60);
        Fixtures.incidentRecords(rule, 1);

        // WHEN PostgreSQL stops while datapoints keep coming
        postgres.stop();
        try {
            send(operator.tenant(), event, T0.plusSeconds(1), 40);
            send(operator.tenant(), event, T0.plusSeconds(2), 65, 30);
            sleep(2000);
        } finally {
            postgres.restart();
        }

        // THEN once it is back every transition happens exactly once
        Fixtures.incidentRecords(rule, 4);
        assertEquals(List.of("raised", "cleared", "raised", "cleared"),
                Fixtures.transitionsWithin(rule, Duration.ofSeconds(3)));
        Await.until("both incidents stored", Duration.ofSeconds(10), () -> Integer.valueOf(2)
                .equals(as(operator).when().get("/api/v1/alarms?rule=" + rule).path("total")));
    }

    @Test
    void aManualTransitionWhileKafkaIsDownIs503AndChangesNothing() {
        var broker = EmbeddedKafkaResource.broker();
        Assumptions.assumeTrue(broker != null, "external Kafka: cannot stop it");
        MintedIdentity operator = newTenant(Role.OPERATOR);
        String event = newEvent(operator);
        String rule = createRule(operator, gtRule("Ack", event, 50, 0, ""));
        send(operator.tenant(), event, T0, 60);
        String incident = Fixtures.incidentRecords(rule, 1).get(0).get("incident_id").asText();

        broker.stop();
        try {
            long start = System.nanoTime();
            as(operator).when().post("/api/v1/alarms/" + incident + "/acknowledge").then().statusCode(503)
                    .body("code", equalTo("service_unavailable"));
            assertTrue(System.nanoTime() - start < 9_000_000_000L, "503 took too long");
            as(operator).when().get("/api/v1/alarms/" + incident).then().body("status", equalTo("active"));
        } finally {
            broker.restart();
        }
        Await.until("acknowledged after Kafka returned", Duration.ofSeconds(60), () -> as(operator).when()
                .post("/api/v1/alarms/" + incident + "/acknowledge").statusCode() == 200);
    }

    @Test
    void outboxRowsLeftBehindAreSweptOnlyOnceTheyAreOlderThanADirectSendTakes() {
        // GIVEN an outbox row a crash left behind an hour ago, and one just written (its send still under way)
        String left = "t-sweep/" + UUID.randomUUID() + "/e";
        String young = "t-sweep/" + UUID.randomUUID() + "/e";
        pool.preparedQuery("INSERT INTO outbox (record_key, tenant_id, payload, created_on) VALUES"
                + " ($1, 't-sweep', '{\"transition\":\"raised\"}', now() - interval '1 hour'),"
                + " ($2, 't-sweep', '{\"transition\":\"cleared\"}', now())")
                .execute(Tuple.of(left, young)).await().atMost(Duration.ofSeconds(5));

        // THEN the sweep publishes the old row and deletes it; the young one is left to its sender
        // (%test outbox-sweep-after is 30 s; the sweep runs every 200 ms)
        String leftRule = left.split("/")[1];
        assertEquals("raised", Fixtures.incidentRecords(leftRule, 1).get(0).get("transition").asText());
        Await.until("swept row deleted", Duration.ofSeconds(5), () -> outboxRows(left) == 0);
        assertEquals(List.of(), Fixtures.transitionsWithin(young.split("/")[1], Duration.ofSeconds(2)));
        assertEquals(1, outboxRows(young));
        assertEquals(List.of("raised"), Fixtures.transitionsWithin(leftRule, Duration.ofSeconds(1)));
        pool.preparedQuery("DELETE FROM outbox WHERE record_key = $1").execute(Tuple.of(young)).await()
                .atMost(Duration.ofSeconds(5));
    }

    private long outboxRows(String key) {
        return pool.preparedQuery("SELECT count(*) FROM outbox WHERE record_key = $1").execute(Tuple.of(key))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
