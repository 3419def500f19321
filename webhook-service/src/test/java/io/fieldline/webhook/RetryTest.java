package io.fieldline.webhook;

import static io.fieldline.webhook.Webhooks.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.model.RecordKeys;
import io.fieldline.model.Topic;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.KafkaRecords;
import io.fieldline.testsupport.MintedIdentity;
import io.fieldline.webhook.Receiver.Behaviour;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retries on the %test schedule (attempts at 0 s, 1 s, 1 s; 2 s total timeout), dead letters with their DLQ record,
 * 410, and receivers that fail in the ways the issue lists.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class RetryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

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
    void failuresAreRetriedWithTheSameWebhookIdUntilDelivered() {
        // GIVEN a receiver that fails twice, then accepts
        MintedIdentity admin = Webhooks.newAdmin();
        String secret = Webhooks.secret();
        receiver.answer("/flaky", n -> n <= 2 ? Behaviour.FAIL_500 : Behaviour.OK);
        String hook = Webhooks.subscribe(admin, receiver.url("/flaky"), secret, "sensor.reading");

        // WHEN a test event is sent
        as(admin).post("/api/v1/webhooks/" + hook + "/test").then().statusCode(202);

        // THEN three attempts arrive, all with one webhook-id, each validly signed at its own time
        List<Receiver.Received> got = Webhooks.awaitReceived(receiver, "/flaky", 3, WAIT);
        assertEquals(1, got.stream().map(r -> r.header("webhook-id")).distinct().count());
        got.forEach(r -> assertTrue(Receiver.seedSignatureValid(r, secret) && Receiver.standardSignatureValid(r,
                secret)));
        assertTrue(Duration.between(got.get(0).at(), got.get(1).at()).toMillis() >= 800, "waited for the retry");
        JsonPath log = Webhooks.awaitDeliveries(admin, hook, WAIT,
                page -> "delivered".equals(page.getString("data[0].status")));
        assertEquals(3, log.getInt("data[0].attempts"));
        assertNull(log.get("data[0].last_error"));
        String id = log.getString("data[0].public_id");
        JsonPath detail = as(admin).get("/api/v1/webhooks/deliveries/" + id).then().statusCode(200).extract()
                .jsonPath();
        assertEquals(List.of(500, 500, 200), detail.getList("attempt_log.response_code"));
        assertEquals("HTTP 500", detail.getString("attempt_log[0].error"));
        assertEquals("boom", detail.getString("attempt_log[0].response_body"));
        // AND the attempts are counted by outcome
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("fieldline_webhook_attempts_total{outcome=\"failed\"}"), "failed attempts counted");
        assertTrue(metrics.contains("fieldline_webhook_attempts_total{outcome=\"delivered\"}"), "deliveries counted");
        assertTrue(metrics.contains("fieldline_webhook_attempts_in_flight"), "in-flight gauge");
    }

    @Test
    void exhaustedDeliveriesAreDeadLetteredOnKafkaAndCanBeReplayed() throws Exception {
        // GIVEN a receiver that always fails
        MintedIdentity admin = Webhooks.newAdmin();
        receiver.answer("/down", n -> n <= 3 ? Behaviour.FAIL_500 : Behaviour.OK);
        String hook = Webhooks.subscribe(admin, receiver.url("/down"), Webhooks.secret(), "sensor.reading");
        as(admin).post("/api/v1/webhooks/" + hook + "/test").then().statusCode(202);

        // THEN after three attempts the delivery is a dead letter
        JsonPath log = Webhooks.awaitDeliveries(admin, hook, WAIT,
                page -> "dead_letter".equals(page.getString("data[0].status")));
        assertEquals(3, log.getInt("data[0].attempts"));
        assertEquals("HTTP 500", log.getString("data[0].last_error"));
        String deliveryId = log.getString("data[0].public_id");
        as(admin).get("/api/v1/webhooks/" + hook + "/deliveries?status=dead_letter").then()
                .body("total", org.hamcrest.Matchers.equalTo(1));
        // AND a DeliveryDeadLettered record is on the DLQ topic with the exact body
        String key = RecordKeys.deadLetter(admin.tenant(), hook);
        ConsumerRecord<String, String> record = KafkaRecords.await(EmbeddedKafkaResource.bootstrapServers(),
                Topic.WEBHOOKS_DLQ.topicName(), r -> key.equals(r.key()), 1, WAIT).get(0);
        JsonNode value = JSON.readTree(record.value());
        assertEquals(deliveryId, value.get("delivery_id").asText());
        assertEquals("webhook.test", JSON.readTree(value.get("payload").asText()).get("type").asText());
        assertEquals(3, value.get("attempts").asInt());

        // WHEN the dead letters are replayed (the receiver is back), THEN the message arrives again, once
        as(admin).post("/api/v1/webhooks/" + hook + "/replay-dead-letters").then().statusCode(202)
                .body("count", org.hamcrest.Matchers.equalTo(1));
        List<Receiver.Received> got = Webhooks.awaitReceived(receiver, "/down", 4, WAIT);
        assertEquals(got.get(0).header("webhook-id"), got.get(3).header("webhook-id"));
        as(admin).post("/api/v1/webhooks/" + hook + "/replay-dead-letters").then().statusCode(202)
                .body("count", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void goneDisablesTheSubscriptionAndAnnouncesIt() throws Exception {
        MintedIdentity admin = Webhooks.newAdmin();
        receiver.answer("/gone", n -> Behaviour.GONE_410);
        String hook = Webhooks.subscribe(admin, receiver.url("/gone"), Webhooks.secret(), "sensor.reading");
        as(admin).post("/api/v1/webhooks/" + hook + "/test").then().statusCode(202);

        Webhooks.awaitDeliveries(admin, hook, WAIT, page -> "dead_letter".equals(page.getString("data[0].status")));
        as(admin).get("/api/v1/webhooks/" + hook).then().body("enabled", org.hamcrest.Matchers.equalTo(false))
                .body("disabled_reason", org.hamcrest.Matchers.equalTo("gone"));
        assertEquals(1, receiver.on("/gone").size(), "no retry after 410");
        String key = RecordKeys.activity(admin.tenant(), hook);
        JsonNode disabled = JSON.readTree(KafkaRecords.await(EmbeddedKafkaResource.bootstrapServers(),
                Topic.ACTIVITY.topicName(), r -> key.equals(r.key()), 1, WAIT).get(0).value());
        assertEquals("webhook.disabled", disabled.get("type").asText());
        assertEquals("gone", disabled.get("data").get("reason").asText());
    }

    @Test
    void hangingClosingRedirectingAndHugeAnswersAreHandled() {
        MintedIdentity admin = Webhooks.newAdmin();
        receiver.answer("/hang", n -> Behaviour.HANG);
        receiver.answer("/close", n -> Behaviour.CLOSE);
        receiver.answer("/redirect", n -> Behaviour.REDIRECT);
        receiver.answer("/huge", n -> Behaviour.HUGE_BODY);
        String hang = Webhooks.subscribe(admin, receiver.url("/hang"), Webhooks.secret(), "sensor.reading");
        String close = Webhooks.subscribe(admin, receiver.url("/close"), Webhooks.secret(), "sensor.reading");
        String redirect = Webhooks.subscribe(admin, receiver.url("/redirect"), Webhooks.secret(), "sensor.reading");
        String huge = Webhooks.subscribe(admin, receiver.url("/huge"), Webhooks.secret(), "sensor.reading");
        for (String hook : List.of(hang, close, redirect, huge)) {
            as(admin).post("/api/v1/webhooks/" + hook + "/test").then().statusCode(202);
        }

        JsonPath hung = firstAttempt(admin, hang);
        assertEquals("Timeout", hung.getString("attempt_log[0].error"));
        assertTrue(hung.getInt("attempt_log[0].duration_ms") < 4000);
        JsonPath closed = firstAttempt(admin, close);
        assertTrue(closed.getString("attempt_log[0].error").startsWith("Transport error"),
                closed.getString("attempt_log[0].error"));
        JsonPath redirected = firstAttempt(admin, redirect);
        assertEquals(302, redirected.getInt("attempt_log[0].response_code"));
        assertEquals("HTTP 302", redirected.getString("attempt_log[0].error"));
        assertTrue(receiver.on("/redirect/moved").isEmpty(), "redirects are not followed");
        // a 50 MB 200 answer is a success after reading 1 KB of it
        JsonPath big = Webhooks.awaitDeliveries(admin, huge, WAIT,
                page -> "delivered".equals(page.getString("data[0].status")));
        JsonPath bigDetail = as(admin).get("/api/v1/webhooks/deliveries/" + big.getString("data[0].public_id"))
                .then().extract().jsonPath();
        assertEquals(1024, bigDetail.getString("attempt_log[0].response_body").length());
        assertTrue(bigDetail.getInt("attempt_log[0].duration_ms") < 2000);
        // and every failing delivery is retried (second attempt, same message)
        assertFalse(receiver.on("/hang").isEmpty());
        Webhooks.awaitReceived(receiver, "/close", 2, WAIT);
        assertNotEquals(0, receiver.on("/close").size());
    }

    private static JsonPath firstAttempt(MintedIdentity admin, String hook) {
        JsonPath page = Webhooks.awaitDeliveries(admin, hook, WAIT, p -> p.getInt("data[0].attempts") >= 1
                && !"pending".equals(p.getString("data[0].status")));
        return io.fieldline.testsupport.Await.until("attempt logged", WAIT,
                () -> as(admin).get("/api/v1/webhooks/deliveries/" + page.getString("data[0].public_id")).then()
                        .extract().jsonPath(),
                d -> d.getList("attempt_log").size() >= 1);
    }
}
