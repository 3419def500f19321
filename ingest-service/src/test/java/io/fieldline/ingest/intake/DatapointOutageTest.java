package io.fieldline.ingest.intake;

import static io.fieldline.ingest.event.EventCallers.as;
import static io.fieldline.ingest.event.EventCallers.create;
import static io.fieldline.ingest.intake.DatapointIntakeTest.batch;
import static io.fieldline.ingest.intake.DatapointIntakeTest.item;
import static io.fieldline.ingest.intake.IntakeRecords.value;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import io.fieldline.ingest.event.EventCallers;
import io.fieldline.model.Role;
import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.MintedIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * While Kafka is down nothing is accepted: 503 within seconds, and nothing refused reaches Kafka later. While
 * PostgreSQL is down, datapoints of events seen before are still accepted.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class DatapointOutageTest {

    @Test
    void kafkaDownAnswers503AndLosesNothingAccepted() {
        var broker = EmbeddedKafkaResource.broker();
        Assumptions.assumeTrue(broker != null, "external Kafka: cannot stop it");
        // GIVEN an event that already received a datapoint
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = create(operator, "Outage");
        as(operator).body(item(event, "1")).when().post("/api/v1/datapoints").then().statusCode(201);

        // WHEN Kafka goes away
        broker.stop();
        try {
            // THEN single and batch requests answer 503 within seconds
            long start = System.nanoTime();
            as(operator).body(item(event, "666")).when().post("/api/v1/datapoints").then().statusCode(503)
                    .body("code", equalTo("service_unavailable")).header("Retry-After", notNullValue());
            as(operator).body(batch(item(event, "667"), item(event, "668"))).when().post("/api/v1/datapoints/batch")
                    .then().statusCode(503);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 16_000, "two 503s took " + millis + " ms");
        } finally {
            broker.restart();
        }

        // AND once Kafka is back, datapoints are accepted again
        Await.until("accepted after Kafka returned", Duration.ofSeconds(60),
                () -> as(operator).body(item(event, "2")).when().post("/api/v1/datapoints").statusCode() == 201);
        // AND what was refused never reaches Kafka (the producer gave up on it before the request answered)
        assertEquals(1.0, value(IntakeRecords.await(operator.tenant(), 1).get(0)).at("/datapoints/0/value")
                .asDouble());
        assertThrows(AssertionError.class, () -> IntakeRecords.await(operator.tenant(),
                received -> received.at("/datapoints/0/value").asDouble() > 600, 1, Duration.ofSeconds(3)));
    }

    @Test
    void postgresDownStillAcceptsDatapointsOfEventsSeenBefore() {
        var postgres = EmbeddedPostgresResource.server();
        Assumptions.assumeTrue(postgres != null, "external PostgreSQL: cannot stop it");
        // GIVEN an event that already received a datapoint while an experiment ran
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = create(operator, "Outage");
        String experiment = as(operator).body("{\"name\":\"During\"}").when().post("/api/v1/experiments").then()
                .statusCode(201).extract().path("public_id");
        as(operator).body(item(event, "1")).when().post("/api/v1/datapoints").then().statusCode(201);

        // WHEN PostgreSQL goes away
        postgres.stop();
        try {
            // THEN datapoints of that event are still accepted (Kafka holds them for the writer)
            as(operator).body(batch(item(event, "2"), item(event, "3"))).when().post("/api/v1/datapoints/batch")
                    .then().statusCode(201).body("accepted", equalTo(2));
            // AND one naming an event never seen cannot be checked: 503, not a wrong 404
            as(operator).body(item(java.util.UUID.randomUUID().toString(), "4")).when().post("/api/v1/datapoints")
                    .then().statusCode(503).body("code", equalTo("service_unavailable"));
        } finally {
            postgres.restart();
        }
        // AND the accepted ones carry the experiment that was running
        var accepted = IntakeRecords.await(operator.tenant(), received -> received.at("/datapoints/0/value")
                .asDouble() == 2.0, 1, Duration.ofSeconds(10)).get(0);
        assertEquals(experiment, value(accepted).at("/datapoints/1/experiment_id").asText());
        Await.until("intake after PostgreSQL returned", Duration.ofSeconds(60),
                () -> as(operator).body(item(event, "5")).when().post("/api/v1/datapoints").statusCode() == 201);
    }
}
