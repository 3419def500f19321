package io.fieldline.ingest.experiment;

import static io.fieldline.ingest.event.EventCallers.as;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.ingest.event.EventCallers;
import io.fieldline.model.RecordKeys;
import io.fieldline.model.Role;
import io.fieldline.model.Topic;
import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.KafkaRecords;
import io.fieldline.testsupport.MintedIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Starting and stopping an experiment is announced on the activity topic, and happens only once Kafka has it. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class ExperimentActivityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void startAndStopPublishActivityWithNameAndId() throws Exception {
        // GIVEN an operator
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);

        // WHEN it starts and stops an experiment
        String id = ExperimentResourceTest.start(operator, "Calibration");
        as(operator).when().put("/api/v1/experiments/" + id + "/stop").then().statusCode(200);
        as(operator).when().put("/api/v1/experiments/" + id + "/stop").then().statusCode(200);

        // THEN experiment.started then experiment.stopped (once) are on the topic, keyed <tenant>/<experiment id>
        String key = RecordKeys.activity(operator.tenant(), id);
        List<ConsumerRecord<String, String>> records = KafkaRecords.await(EmbeddedKafkaResource.bootstrapServers(),
                Topic.ACTIVITY.topicName(), r -> key.equals(r.key()), 2, Duration.ofSeconds(10));
        JsonNode started = JSON.readTree(records.get(0).value());
        JsonNode stopped = JSON.readTree(records.get(1).value());
        assertEquals("experiment.started", started.get("type").asText());
        assertEquals("experiment.stopped", stopped.get("type").asText());
        for (JsonNode activity : List.of(started, stopped)) {
            assertEquals(id, activity.get("subject").asText());
            assertEquals(operator.tenant().value(), activity.get("tenant_id").asText());
            assertEquals(operator.subject(), activity.get("actor").asText());
            assertEquals("Calibration", activity.at("/data/name").asText());
            assertEquals(id, activity.at("/data/experiment_public_id").asText());
        }
        assertEquals(operator.tenant().value(), header(records.get(0), "tenant-id"));
        assertEquals("application/json", header(records.get(0), "content-type"));
        // The announcement's time is when it started / stopped.
        assertEquals(Instant.parse(started.at("/data/started_on").asText()),
                Instant.parse(started.get("occurred_at").asText()));
        assertEquals(Instant.parse(stopped.at("/data/stopped_on").asText()),
                Instant.parse(stopped.get("occurred_at").asText()));
        // AND the second stop announced nothing (it answered after any record of its own would have been acked).
        assertThrows(AssertionError.class, () -> KafkaRecords.await(EmbeddedKafkaResource.bootstrapServers(),
                Topic.ACTIVITY.topicName(), r -> key.equals(r.key()), 3, Duration.ofSeconds(2)));
    }

    @Test
    void whileKafkaIsDownStartAndStopAnswer503AndChangeNothing() {
        var broker = EmbeddedKafkaResource.broker();
        Assumptions.assumeTrue(broker != null, "external Kafka: cannot stop it");
        // GIVEN a running experiment, and Kafka going away
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String running = ExperimentResourceTest.start(operator, "Long run");
        broker.stop();
        try {
            // WHEN another is started, THEN 503 within seconds, and it does not exist
            long start = System.nanoTime();
            as(operator).body("{\"name\":\"Never\"}").when().post("/api/v1/experiments").then().statusCode(503)
                    .body("code", equalTo("service_unavailable")).header("Retry-After", notNullValue());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 8_000, "503 took " + millis + " ms");
            as(operator).when().get("/api/v1/experiments").then().body("total", equalTo(1));

            // WHEN the running one is stopped, THEN 503 and it still runs
            as(operator).when().put("/api/v1/experiments/" + running + "/stop").then().statusCode(503);
            as(operator).when().get("/api/v1/experiments/" + running).then().body("stopped_on", nullValue());
        } finally {
            broker.restart();
        }
        // AND once Kafka is back, the stop goes through
        Await.until("stop after Kafka returned", Duration.ofSeconds(60),
                () -> as(operator).when().put("/api/v1/experiments/" + running + "/stop").statusCode() == 200);
        as(operator).when().get("/api/v1/experiments/" + running).then().body("stopped_on", notNullValue());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }
}
