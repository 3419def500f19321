package io.fieldline.webhook;

import static io.fieldline.webhook.Webhooks.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.model.RecordKeys;
import io.fieldline.model.Topic;
import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.KafkaRecords;
import io.fieldline.testsupport.MintedIdentity;
import io.fieldline.webhook.Receiver.Behaviour;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pauses, secret rotation, durability of the schedule, isolation of slow receivers, and the auto-disable. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class OperationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

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
    void pausedDeliveriesWaitAndAreNotDropped() throws Exception {
        MintedIdentity admin = Webhooks.newAdmin();
        String tenantHook = Webhooks.subscribe(admin, receiver.url("/t"), Webhooks.secret(), "sensor.reading");
        String pausedHook = Webhooks.subscribe(admin, receiver.url("/s"), Webhooks.secret(), "sensor.reading");
        // GIVEN the tenant paused, and one subscription paused on its own
        as(admin).body("{\"paused\":true}").put("/api/v1/webhooks/config").then().statusCode(200);
        as(admin).body("{\"paused\":true}").put("/api/v1/webhooks/" + pausedHook).then().statusCode(200);
        // WHEN events arrive
        as(admin).post("/api/v1/webhooks/" + tenantHook + "/test").then().statusCode(202);
        as(admin).post("/api/v1/webhooks/" + pausedHook + "/test").then().statusCode(202);
        Thread.sleep(1500);
        // THEN nothing is sent, the deliveries wait as pending
        assertTrue(receiver.on("/t").isEmpty() && receiver.on("/s").isEmpty());
        as(admin).get("/api/v1/webhooks/" + tenantHook + "/deliveries").then()
                .body("data[0].status", org.hamcrest.Matchers.equalTo("pending"));
        // WHEN the tenant resumes, THEN its unpaused subscription delivers; the paused one still waits
        as(admin).body("{\"paused\":false}").put("/api/v1/webhooks/config").then().statusCode(200);
        Webhooks.awaitReceived(receiver, "/t", 1, WAIT);
        Thread.sleep(500);
        assertTrue(receiver.on("/s").isEmpty());
        as(admin).body("{\"paused\":false}").put("/api/v1/webhooks/" + pausedHook).then().statusCode(200);
        Webhooks.awaitReceived(receiver, "/s", 1, WAIT);
    }

    @Test
    void rotationSignsWithBothSecretsDuringTheGrace() {
        MintedIdentity admin = Webhooks.newAdmin();
        String oldSecret = Webhooks.secret();
        String newSecret = Webhooks.secret();
        String hook = Webhooks.subscribe(admin, receiver.url("/rot"), oldSecret, "sensor.reading");
        as(admin).body("{\"secret\":\"" + newSecret + "\",\"grace_seconds\":3600}")
                .post("/api/v1/webhooks/" + hook + "/rotate-secret").then().statusCode(200)
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("secret")));
        as(admin).post("/api/v1/webhooks/" + hook + "/test").then().statusCode(202);

        Receiver.Received got = Webhooks.awaitReceived(receiver, "/rot", 1, WAIT).get(0);
        assertEquals(2, got.header("webhook-signature").split(" ").length);
        assertTrue(Receiver.standardSignatureValid(got, oldSecret), "old secret still verifies");
        assertTrue(Receiver.standardSignatureValid(got, newSecret), "new secret verifies");
        assertTrue(Receiver.seedSignatureValid(got, oldSecret), "seed header keeps the old secret in the grace");
        assertTrue(Receiver.seedSignatureValid(got, newSecret, "x-webhook-signature-next"));

        // WHEN rotated again without grace, THEN only the newest secret signs
        String newest = Webhooks.secret();
        as(admin).body("{\"secret\":\"" + newest + "\",\"grace_seconds\":0}")
                .post("/api/v1/webhooks/" + hook + "/rotate-secret").then().statusCode(200);
        as(admin).post("/api/v1/webhooks/" + hook + "/test").then().statusCode(202);
        Receiver.Received later = Webhooks.awaitReceived(receiver, "/rot", 2, WAIT).get(1);
        assertEquals(1, later.header("webhook-signature").split(" ").length);
        assertTrue(Receiver.standardSignatureValid(later, newest));
        assertTrue(Receiver.seedSignatureValid(later, newest));
        assertFalse(Receiver.standardSignatureValid(later, newSecret));
    }

    @Test
    void aDeliveryLeasedByADeadReplicaIsTakenOverWithTheSameWebhookId() throws Exception {
        // GIVEN a queued delivery that a replica leased, attempted once and then died with (kill -9)
        MintedIdentity admin = Webhooks.newAdmin();
        String hook = Webhooks.subscribe(admin, receiver.url("/crash"), Webhooks.secret(), "sensor.reading");
        as(admin).body("{\"paused\":true}").put("/api/v1/webhooks/" + hook).then().statusCode(200);
        String delivery = as(admin).post("/api/v1/webhooks/" + hook + "/test").then().statusCode(202).extract()
                .path("public_id");
        String messageId = pool.preparedQuery("""
                UPDATE delivery SET attempts = 1, lease_until = now() + interval '2 seconds',
                    lease_token = gen_random_uuid()
                WHERE public_id = $1 RETURNING message_id""").execute(Tuple.of(delivery)).await()
                .atMost(Duration.ofSeconds(5)).iterator().next().getString(0);
        as(admin).body("{\"paused\":false}").put("/api/v1/webhooks/" + hook).then().statusCode(200);

        // THEN nobody touches it while the lease lasts
        Thread.sleep(1000);
        assertTrue(receiver.on("/crash").isEmpty(), "leased elsewhere");
        // AND once the lease expired it is delivered, as the second attempt, with the same webhook-id
        Receiver.Received got = Webhooks.awaitReceived(receiver, "/crash", 1, WAIT).get(0);
        assertEquals(messageId, got.header("webhook-id"));
        JsonPath log = Webhooks.awaitDeliveries(admin, hook, WAIT,
                page -> "delivered".equals(page.getString("data[0].status")));
        assertEquals(2, log.getInt("data[0].attempts"));
        Thread.sleep(300);
        assertEquals(1, receiver.on("/crash").size());
    }

    @Test
    void aPersistedRetryIsPickedUpFromTheDatabase() {
        // GIVEN a retry written by an earlier process: failed once, due in a second, not leased
        MintedIdentity admin = Webhooks.newAdmin();
        String hook = Webhooks.subscribe(admin, receiver.url("/later"), Webhooks.secret(), "sensor.reading");
        pool.preparedQuery("""
                INSERT INTO delivery (public_id, tenant_id, webhook_id, message_id, event_type, payload, source_key,
                    status, attempts, next_attempt_at, last_error)
                SELECT gen_random_uuid()::text, tenant_id, id, 'msg_persisted', 'sensor.reading',
                    '{"type":"sensor.reading"}', 'restart-test', 'failed', 1, now() + interval '1 second', 'HTTP 500'
                FROM webhook WHERE public_id = $1""").execute(Tuple.of(hook)).await().atMost(Duration.ofSeconds(5));
        // THEN the dispatcher sends it when due
        Receiver.Received got = Webhooks.awaitReceived(receiver, "/later", 1, WAIT).get(0);
        assertEquals("msg_persisted", got.header("webhook-id"));
        Webhooks.awaitDeliveries(admin, hook, WAIT, page -> "delivered".equals(page.getString("data[0].status")));
    }

    @Test
    void finishedDeliveriesPastTheRetentionAreDeletedWaitingOnesKept() {
        // GIVEN deliveries of a paused subscription: finished ones older than the 30-day retention, a recent one, and
        // old ones still waiting for an attempt
        MintedIdentity admin = Webhooks.newAdmin();
        String hook = Webhooks.subscribe(admin, receiver.url("/old"), Webhooks.secret(), "sensor.reading");
        as(admin).body("{\"paused\":true}").put("/api/v1/webhooks/" + hook).then().statusCode(200);
        insertDelivery(hook, "old-delivered", "delivered", 40);
        insertDelivery(hook, "old-dead", "dead_letter", 31);
        insertDelivery(hook, "recent-delivered", "delivered", 29);
        insertDelivery(hook, "old-failed", "failed", 40);
        insertDelivery(hook, "old-pending", "pending", 40);
        // WHEN housekeeping runs, THEN only the old finished ones are gone
        Await.until("old finished deliveries deleted", WAIT, () -> !deliveryExists("old-delivered")
                && !deliveryExists("old-dead"));
        for (String kept : List.of("recent-delivered", "old-failed", "old-pending")) {
            assertTrue(deliveryExists(kept), kept);
        }
    }

    private void insertDelivery(String hook, String sourceKey, String status, int ageDays) {
        pool.preparedQuery("""
                INSERT INTO delivery (public_id, tenant_id, webhook_id, message_id, event_type, payload, source_key,
                    status, attempts, created_on, next_attempt_at, dlq_published)
                SELECT gen_random_uuid()::text, tenant_id, id, 'msg_' || $2, 'sensor.reading', '{}', $2, $3, 1,
                    now() - $4 * interval '1 day', now() + interval '1 hour', $3 = 'dead_letter'
                FROM webhook WHERE public_id = $1""").execute(Tuple.of(hook, sourceKey, status, ageDays))
                .await().atMost(Duration.ofSeconds(5));
    }

    private boolean deliveryExists(String sourceKey) {
        return pool.preparedQuery("SELECT count(*) FROM delivery WHERE source_key = $1").execute(Tuple.of(sourceKey))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0) > 0;
    }

    @Test
    void aHangingReceiverDoesNotDelayAHealthyOne() {
        // GIVEN a subscription whose receiver hangs, with many deliveries queued
        MintedIdentity admin = Webhooks.newAdmin();
        receiver.answer("/dead", n -> Behaviour.HANG);
        String dead = Webhooks.subscribe(admin, receiver.url("/dead"), Webhooks.secret(), "sensor.reading");
        String healthy = Webhooks.subscribe(admin, receiver.url("/alive"), Webhooks.secret(), "sensor.reading");
        for (int i = 0; i < 20; i++) {
            as(admin).post("/api/v1/webhooks/" + dead + "/test").then().statusCode(202);
        }
        // WHEN the healthy one gets an event
        long start = System.nanoTime();
        as(admin).post("/api/v1/webhooks/" + healthy + "/test").then().statusCode(202);
        Webhooks.awaitReceived(receiver, "/alive", 1, WAIT);
        long millis = (System.nanoTime() - start) / 1_000_000;
        // THEN it arrives at once, and the dead one holds at most its per-subscription share of slots
        assertTrue(millis < 1500, "healthy delivery took " + millis + " ms");
        assertTrue(receiver.on("/dead").size() >= 8, "the dead receiver was tried");
        int hanging = receiver.maxConcurrent("/dead");
        assertTrue(hanging <= 8, hanging + " concurrent requests to the dead receiver");
    }

    @Test
    void aFailingSubscriptionIsTriedOneAttemptAtATimeUntilItRecovers() {
        // GIVEN a receiver that hangs 12 times, with 20 deliveries queued
        MintedIdentity admin = Webhooks.newAdmin();
        receiver.answer("/flaky", n -> n <= 12 ? Behaviour.HANG : Behaviour.OK);
        String hook = Webhooks.subscribe(admin, receiver.url("/flaky"), Webhooks.secret(), "sensor.reading");
        for (int i = 0; i < 20; i++) {
            as(admin).post("/api/v1/webhooks/" + hook + "/test").then().statusCode(202);
        }
        // WHEN the first round takes the subscription's 8 slots and times out
        Webhooks.awaitReceived(receiver, "/flaky", 8, WAIT);
        assertEquals(8, receiver.maxConcurrent("/flaky"));
        // THEN the failing subscription is tried one attempt at a time: each waits for the previous one's timeout
        List<Receiver.Received> got = Webhooks.awaitReceived(receiver, "/flaky", 12, WAIT);
        for (int i = 9; i < 12; i++) {
            long gap = Duration.between(got.get(i - 1).at(), got.get(i).at()).toMillis();
            assertTrue(gap >= 1500, "attempt " + (i + 1) + " came " + gap + " ms after the previous one");
        }
        // AND once an attempt succeeds, every delivery arrives
        Await.until("all 20 delivered", WAIT, () -> receiver.on("/flaky").stream().map(r -> r.header("webhook-id"))
                .distinct().count() == 20);
    }

    @Test
    void aSubscriptionFailingForTooLongIsDisabledAndAnnounced() throws Exception {
        MintedIdentity admin = Webhooks.newAdmin();
        String hook = Webhooks.subscribe(admin, receiver.url("/failing"), Webhooks.secret(), "sensor.reading");
        // GIVEN every attempt has failed for four days (the default limit is three)
        pool.preparedQuery("UPDATE webhook SET failing_since = now() - interval '4 days' WHERE public_id = $1")
                .execute(Tuple.of(hook)).await().atMost(Duration.ofSeconds(5));
        // THEN housekeeping disables it and publishes webhook.disabled
        io.fieldline.testsupport.Await.until("disabled", WAIT, () -> as(admin).get("/api/v1/webhooks/" + hook)
                .then().extract().jsonPath(), page -> !page.getBoolean("enabled"));
        as(admin).get("/api/v1/webhooks/" + hook).then()
                .body("disabled_reason", org.hamcrest.Matchers.equalTo("failing"));
        String key = RecordKeys.activity(admin.tenant(), hook);
        JsonNode record = JSON.readTree(KafkaRecords.await(EmbeddedKafkaResource.bootstrapServers(),
                Topic.ACTIVITY.topicName(), r -> key.equals(r.key()), 1, WAIT).get(0).value());
        assertEquals("webhook.disabled", record.get("type").asText());
        assertEquals("failing", record.get("data").get("reason").asText());
        // AND enabling it again clears the reason
        as(admin).body("{\"enabled\":true}").put("/api/v1/webhooks/" + hook).then().statusCode(200);
        as(admin).get("/api/v1/webhooks/" + hook).then().body("enabled", org.hamcrest.Matchers.equalTo(true))
                .body("disabled_reason", org.hamcrest.Matchers.nullValue())
                .body("failing_since", org.hamcrest.Matchers.nullValue());
        assertEquals(List.of(), receiver.on("/failing"));
    }
}
