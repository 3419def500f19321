package io.fieldline.ingest.event;

import static io.fieldline.ingest.event.EventCallers.as;
import static io.fieldline.ingest.event.EventCallers.create;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Deleting an event announces it on the activity topic, and happens only once Kafka acknowledged that. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class EventDeletionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void deletePublishesEventDeletedWithKeyAndHeaders() throws Exception {
        // GIVEN an event
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String id = create(operator, "Doomed");
        String key = RecordKeys.activity(operator.tenant(), id);

        // WHEN it is deleted
        Instant before = Instant.now();
        as(operator).when().delete("/api/v1/events/" + id).then().statusCode(200);

        // THEN one event.deleted record names it, keyed <tenant>/<event id>, with the platform headers
        ConsumerRecord<String, String> record = KafkaRecords.await(EmbeddedKafkaResource.bootstrapServers(),
                Topic.ACTIVITY.topicName(), r -> key.equals(r.key()), 1, Duration.ofSeconds(10)).get(0);
        JsonNode value = JSON.readTree(record.value());
        assertEquals("event.deleted", value.get("type").asText());
        assertEquals(id, value.get("subject").asText());
        assertEquals(operator.tenant().value(), value.get("tenant_id").asText());
        assertEquals(operator.subject(), value.get("actor").asText());
        assertEquals(operator.tenant().value(), header(record, "tenant-id"));
        assertEquals("application/json", header(record, "content-type"));
        assertEquals("1", header(record, "schema-version"));
        assertFalse(Instant.parse(header(record, "creation-time")).isBefore(before.minusSeconds(1)));
    }

    @Test
    void deleteWhileKafkaIsDownAnswers503AndKeepsTheEvent() {
        var broker = EmbeddedKafkaResource.broker();
        Assumptions.assumeTrue(broker != null, "external Kafka: cannot stop it");
        // GIVEN an event, and Kafka going away
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String id = create(operator, "Survivor");
        broker.stop();
        try {
            // WHEN it is deleted, THEN the answer is 503 within seconds
            long start = System.nanoTime();
            as(operator).when().delete("/api/v1/events/" + id).then().statusCode(503)
                    .body("code", equalTo("service_unavailable"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 8_000, "503 took " + millis + " ms");
            // AND the event is still there
            as(operator).when().get("/api/v1/events/" + id).then().statusCode(200);
        } finally {
            broker.restart();
        }
        // AND once Kafka is back the delete goes through
        Await.until("delete after Kafka returned", Duration.ofSeconds(60),
                () -> as(operator).when().delete("/api/v1/events/" + id).statusCode() == 200);
        as(operator).when().get("/api/v1/events/" + id).then().statusCode(404);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }
}
