package io.fieldline.rules.engine;

import static io.fieldline.rules.Fixtures.as;
import static io.fieldline.rules.Fixtures.createRule;
import static io.fieldline.rules.Fixtures.newEvent;
import static io.fieldline.rules.Fixtures.newTenant;
import static io.fieldline.rules.Fixtures.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.ActivityTypes;
import io.fieldline.model.ModelJson;
import io.fieldline.model.Role;
import io.fieldline.model.Topic;
import io.fieldline.rules.Fixtures;
import io.fieldline.rules.StubIngestResource;
import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.MintedIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Rule kinds beyond thresholds, and rules following their event's deletion. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
@QuarkusTestResource(StubIngestResource.class)
class RuleKindsTest {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void staleRaisesByTimerAndClearsOnTheNextDatapoint() {
        MintedIdentity operator = newTenant(Role.OPERATOR);
        String event = newEvent(operator);
        String rule = createRule(operator, "{\"name\":\"Silent\",\"event_public_id\":\"" + event
                + "\",\"kind\":\"stale\",\"stale_seconds\":1,\"action_type\":\"log\",\"cooldown_seconds\":0}");
        send(operator.tenant(), event, T0, 1);

        // WHEN nothing arrives, THEN a timer raises it (no datapoint needed)
        JsonNode raised = Fixtures.incidentRecords(rule, 1).get(0);
        assertEquals("raised", raised.get("transition").asText());
        assertTrue(raised.get("value").isNull());
        assertEquals("stale", raised.get("rule").get("kind").asText());

        // WHEN a datapoint arrives, THEN it clears
        send(operator.tenant(), event, Instant.now(), 2);
        assertEquals("cleared", Fixtures.incidentRecords(rule, 2).get(1).get("transition").asText());
    }

    @Test
    void rateOfChangeComparesThePerSecondChangeOverItsWindow() {
        MintedIdentity operator = newTenant(Role.OPERATOR);
        String event = newEvent(operator);
        String rule = createRule(operator, "{\"name\":\"Surge\",\"event_public_id\":\"" + event
                + "\",\"kind\":\"rate_of_change\",\"operator\":\"gt\",\"threshold\":5,\"window_seconds\":10,"
                + "\"action_type\":\"webhook\",\"cooldown_seconds\":0}");

        // +1/s, +1/s, then +18 in a second: (20 - 0) / 3 s = 6.7/s over the window
        send(operator.tenant(), event, T0, 0, 1, 2, 20);

        JsonNode raised = Fixtures.incidentRecords(rule, 1).get(0);
        assertEquals(20.0, raised.get("value").asDouble());
        assertEquals(T0.plusSeconds(3), Instant.parse(raised.get("occurred_at").asText()));
    }

    @Test
    void anomalyFlagsAValueFarOutsideTheRollingDistribution() {
        MintedIdentity operator = newTenant(Role.OPERATOR);
        String event = newEvent(operator);
        String rule = createRule(operator, "{\"name\":\"Odd\",\"event_public_id\":\"" + event
                + "\",\"kind\":\"anomaly\",\"threshold\":3,\"window_size\":10,\"action_type\":\"log\","
                + "\"cooldown_seconds\":0}");

        send(operator.tenant(), event, T0, 10, 10.2, 9.8, 10.1, 9.9, 10, 10.3, 9.7, 50, 10);

        List<JsonNode> records = Fixtures.incidentRecords(rule, 1);
        assertEquals(50.0, records.get(0).get("value").asDouble());
    }

    @Test
    void deletingAnEventDeletesItsRules() throws Exception {
        MintedIdentity operator = newTenant(Role.OPERATOR);
        String event = newEvent(operator);
        String rule = createRule(operator, Fixtures.gtRule("Orphan", event, 50, 0, ""));

        // WHEN ingest-service announces the event's deletion
        ActivityOccurred deleted = new ActivityOccurred(operator.tenant(), ActivityTypes.EVENT_DELETED, event,
                operator.subject(), null, Instant.now());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                java.util.Map.of("bootstrap.servers", EmbeddedKafkaResource.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topic.ACTIVITY.topicName(), deleted.key(),
                    ModelJson.newMapper().writeValueAsString(deleted))).get();
        }

        // THEN its rule is gone, and a late datapoint of it is ignored
        Await.until("rule deleted", Duration.ofSeconds(20),
                () -> as(operator).when().get("/api/v1/rules/" + rule).statusCode() == 404);
        send(operator.tenant(), event, T0, 99);
        assertTrue(Fixtures.transitionsWithin(rule, Duration.ofSeconds(2)).isEmpty());
    }
}
