package io.fieldline.webhook;

import static io.fieldline.webhook.Webhooks.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.ActivityTypes;
import io.fieldline.model.Datapoint;
import io.fieldline.model.DatapointsReceived;
import io.fieldline.model.IncidentStatus;
import io.fieldline.model.IncidentTransition;
import io.fieldline.model.IncidentTransitioned;
import io.fieldline.model.RuleSnapshot;
import io.fieldline.model.Severity;
import io.fieldline.model.TenantId;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.MintedIdentity;
import io.fieldline.webhook.delivery.store.DeliveryStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fan-out from the three source topics to real receivers, verified with both signature schemes. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class DeliveryFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    DeliveryStore store;

    private Receiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = new Receiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void ruleActionBecomesASignedSeedPayloadAndAlarmRaised() throws Exception {
        // GIVEN a subscription to threshold events and one to the alarm lifecycle
        MintedIdentity admin = Webhooks.newAdmin();
        String secret = Webhooks.secret();
        String thresholdHook = Webhooks.subscribe(admin, receiver.url("/threshold"), secret,
                "sensor.threshold_exceeded");
        Webhooks.subscribe(admin, receiver.url("/alarms"), secret, "alarm.raised", "alarm.acknowledged");

        // WHEN rules-service publishes a raised incident of a webhook rule
        IncidentTransitioned raised = incident(admin.tenant(), IncidentTransition.RAISED, "webhook");
        Webhooks.publish(raised);

        // THEN the threshold receiver gets seed 000's payload, signed both ways
        Receiver.Received got = Webhooks.awaitReceived(receiver, "/threshold", 1, WAIT).get(0);
        JsonNode body = JSON.readTree(got.body());
        assertEquals("sensor.threshold_exceeded", body.get("type").asText());
        assertEquals(raised.eventId(), body.get("sensor").asText());
        assertEquals(87.5, body.get("value").asDouble());
        assertEquals("Boiler too hot", body.get("rule").asText());
        assertEquals("gt", body.get("operator").asText());
        assertEquals(80.0, body.get("threshold").asDouble());
        assertEquals(raised.occurredAt(), Instant.parse(body.get("time").asText()));
        assertEquals("application/json", got.header("content-type"));
        assertTrue(Receiver.seedSignatureValid(got, secret), "seed 000 signature");
        assertTrue(Receiver.standardSignatureValid(got, secret), "Standard Webhooks signature");
        assertTrue(got.header("webhook-id").startsWith("msg_"));
        assertTrue(Math.abs(Long.parseLong(got.header("webhook-timestamp")) - Instant.now().getEpochSecond()) < 30);
        assertEquals(got.header("webhook-timestamp"), got.header("x-webhook-timestamp"));
        // AND the alarm receiver gets alarm.raised
        JsonNode alarm = JSON.readTree(Webhooks.awaitReceived(receiver, "/alarms", 1, WAIT).get(0).body());
        assertEquals("alarm.raised", alarm.get("type").asText());
        assertEquals(raised.incidentId(), alarm.get("incident").asText());
        // AND the delivery log says delivered, with the attempt
        var log = Webhooks.awaitDeliveries(admin, thresholdHook, WAIT,
                page -> "delivered".equals(page.getString("data[0].status")));
        assertEquals(1, log.getInt("total"));
        assertEquals(1, log.getInt("data[0].attempts"));
        assertEquals(200, log.getInt("data[0].response_code"));
        String deliveryId = log.getString("data[0].public_id");
        as(admin).get("/api/v1/webhooks/deliveries/" + deliveryId).then().statusCode(200)
                .body("attempt_log[0].response_code", org.hamcrest.Matchers.equalTo(200))
                .body("attempt_log[0].response_body", org.hamcrest.Matchers.equalTo("{\"ok\":true}"))
                .body("message_id", org.hamcrest.Matchers.equalTo(got.header("webhook-id")));
    }

    @Test
    void logRulesAndOtherTransitionsSendOnlyAlarmTypes() throws Exception {
        MintedIdentity admin = Webhooks.newAdmin();
        String secret = Webhooks.secret();
        Webhooks.subscribe(admin, receiver.url("/t"), secret, "sensor.threshold_exceeded");
        Webhooks.subscribe(admin, receiver.url("/a"), secret, "alarm.acknowledged", "alarm.raised");

        Webhooks.publish(incident(admin.tenant(), IncidentTransition.RAISED, "log"));
        Webhooks.publish(incident(admin.tenant(), IncidentTransition.ACKNOWLEDGED, "webhook"));

        List<Receiver.Received> alarms = Webhooks.awaitReceived(receiver, "/a", 2, WAIT);
        assertEquals(java.util.Set.of("alarm.raised", "alarm.acknowledged"),
                alarms.stream().map(r -> type(r.body())).collect(java.util.stream.Collectors.toSet()));
        Thread.sleep(500);
        assertEquals(0, receiver.on("/t").size(), "a log rule and an acknowledgement send no threshold event");
    }

    @Test
    void experimentsAndHealthFromTheActivityTopic() throws Exception {
        MintedIdentity admin = Webhooks.newAdmin();
        String secret = Webhooks.secret();
        Webhooks.subscribe(admin, receiver.url("/exp"), secret, "experiment.started", "system.health_changed");
        String experiment = UUID.randomUUID().toString();
        Webhooks.publish(new ActivityOccurred(admin.tenant(), ActivityTypes.EXPERIMENT_STARTED, experiment,
                admin.subject(), Map.of("name", "Run 7"), Instant.now()));
        Webhooks.publish(new ActivityOccurred(admin.tenant(), ActivityTypes.EXPERIMENT_STOPPED, experiment,
                admin.subject(), Map.of("name", "Run 7"), Instant.now()));
        Webhooks.publish(new ActivityOccurred(admin.tenant(), ActivityTypes.SYSTEM_HEALTH_CHANGED, "gateway", null,
                Map.of("status", "degraded"), Instant.now()));

        List<Receiver.Received> got = Webhooks.awaitReceived(receiver, "/exp", 2, WAIT);
        JsonNode started = JSON.readTree(got.stream().filter(r -> type(r.body()).equals("experiment.started"))
                .findFirst().orElseThrow().body());
        assertEquals("Run 7", started.get("experiment").asText());
        JsonNode health = JSON.readTree(got.stream().filter(r -> type(r.body()).equals("system.health_changed"))
                .findFirst().orElseThrow().body());
        assertEquals("degraded", health.get("status").asText());
        Thread.sleep(500);
        assertEquals(2, receiver.on("/exp").size(), "experiment.stopped was not subscribed");
    }

    @Test
    void readingsAreThrottledToOnePerEventPerWindow() throws Exception {
        MintedIdentity admin = Webhooks.newAdmin();
        Webhooks.subscribe(admin, receiver.url("/r"), Webhooks.secret(), "sensor.reading");
        String event = UUID.randomUUID().toString();
        Instant t0 = Instant.now();
        // two batches 1 s apart (one delivery), a third 6 s later (a second one), another event (its own)
        Webhooks.publish(readings(admin.tenant(), event, 1.5, t0));
        Webhooks.publish(readings(admin.tenant(), event, 2.5, t0.plusSeconds(1)));
        Webhooks.publish(readings(admin.tenant(), event, 3.5, t0.plusSeconds(6)));
        Webhooks.publish(readings(admin.tenant(), UUID.randomUUID().toString(), 4.5, t0));

        List<Receiver.Received> got = Webhooks.awaitReceived(receiver, "/r", 3, WAIT);
        Thread.sleep(700);
        assertEquals(3, receiver.on("/r").size());
        List<Double> values = receiver.on("/r").stream().map(r -> value(r.body())).sorted().toList();
        assertEquals(List.of(1.5, 3.5, 4.5), values);
        JsonNode first = JSON.readTree(got.get(0).body());
        assertEquals("sensor.reading", first.get("type").asText());
        assertTrue(first.has("sensor") && first.has("time"));
    }

    @Test
    void anotherTenantsEventsNeverReachMySubscriptions() throws Exception {
        MintedIdentity mine = Webhooks.newAdmin();
        MintedIdentity theirs = Webhooks.newAdmin();
        Webhooks.subscribe(mine, receiver.url("/mine"), Webhooks.secret(), "alarm.raised");
        Webhooks.subscribe(theirs, receiver.url("/theirs"), Webhooks.secret(), "alarm.raised");
        Webhooks.publish(incident(theirs.tenant(), IncidentTransition.RAISED, "log"));
        Webhooks.awaitReceived(receiver, "/theirs", 1, WAIT);
        Thread.sleep(500);
        assertEquals(0, receiver.on("/mine").size());
    }

    @Test
    void aRedeliveredSourceRecordCreatesNoSecondDelivery() {
        MintedIdentity admin = Webhooks.newAdmin();
        String hook = Webhooks.subscribe(admin, receiver.url("/once"), Webhooks.secret(), "alarm.cleared");
        String key = "fieldline.incidents.v1/0/" + System.nanoTime() + "/alarm.cleared";
        int first = store.fanOut(admin.tenant(), "alarm.cleared", "msg_a", "{\"type\":\"alarm.cleared\"}", key)
                .await().atMost(Duration.ofSeconds(5));
        int again = store.fanOut(admin.tenant(), "alarm.cleared", "msg_b", "{\"type\":\"alarm.cleared\"}", key)
                .await().atMost(Duration.ofSeconds(5));
        assertEquals(1, first);
        assertEquals(0, again);
        Webhooks.awaitDeliveries(admin, hook, WAIT, page -> "delivered".equals(page.getString("data[0].status")));
        as(admin).get("/api/v1/webhooks/" + hook + "/deliveries").then().body("total", org.hamcrest.Matchers
                .equalTo(1));
    }

    @Test
    void testEventAndRedeliveryKeepTheMessageId() {
        MintedIdentity admin = Webhooks.newAdmin();
        String secret = Webhooks.secret();
        String hook = Webhooks.subscribe(admin, receiver.url("/test"), secret, "sensor.reading");
        String delivery = as(admin).post("/api/v1/webhooks/" + hook + "/test").then().statusCode(202).extract()
                .path("public_id");
        Receiver.Received first = Webhooks.awaitReceived(receiver, "/test", 1, WAIT).get(0);
        assertEquals("webhook.test", type(first.body()));
        assertTrue(Receiver.standardSignatureValid(first, secret));
        Webhooks.awaitDeliveries(admin, hook, WAIT, page -> "delivered".equals(page.getString("data[0].status")));

        String again = as(admin).post("/api/v1/webhooks/deliveries/" + delivery + "/redeliver").then()
                .statusCode(202).extract().path("public_id");
        Receiver.Received second = Webhooks.awaitReceived(receiver, "/test", 2, WAIT).get(1);
        assertNotEquals(delivery, again);
        assertEquals(first.header("webhook-id"), second.header("webhook-id"));
        assertEquals(first.body(), second.body());
    }

    private static IncidentTransitioned incident(TenantId tenant, IncidentTransition transition, String action) {
        RuleSnapshot rule = new RuleSnapshot("Boiler too hot", "threshold", "gt", 80.0, null, action, null);
        IncidentStatus status = transition == IncidentTransition.ACKNOWLEDGED ? IncidentStatus.ACKNOWLEDGED
                : IncidentStatus.ACTIVE;
        return new IncidentTransitioned(tenant, UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), transition, status, Severity.values()[1], 87.5, null, null,
                Instant.parse("2026-01-02T03:04:05.678Z"), rule);
    }

    private static DatapointsReceived readings(TenantId tenant, String event, double value, Instant at) {
        return new DatapointsReceived(tenant, event,
                List.of(new Datapoint(UUID.randomUUID().toString(), value, at, null, null)), at);
    }

    private static String type(String body) {
        try {
            return JSON.readTree(body).get("type").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double value(String body) {
        try {
            return JSON.readTree(body).get("value").asDouble();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
