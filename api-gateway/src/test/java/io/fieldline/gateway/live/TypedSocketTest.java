package io.fieldline.gateway.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.fieldline.gateway.StubServicesResource;
import io.fieldline.gateway.TestAccounts;
import io.fieldline.model.ActivityTypes;
import io.fieldline.model.Role;
import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed 002's typed {@code /ws}: message types, subscription filters, bad frames, slow clients, Kafka outages. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
@QuarkusTestResource(StubServicesResource.class)
class TypedSocketTest {

    private static final String PATH = LiveSockets.TYPED_PATH;

    @TestHTTPResource("/")
    URI gateway;

    @Inject
    LiveFeed feed;

    @Inject
    LiveSockets sockets;

    @BeforeEach
    void feedReads() {
        Await.until("the live feed reads every live topic", Duration.ofSeconds(30),
                () -> feed.readsAll() && !feed.paused());
    }

    @Test
    void deliversTypedMessagesFilteredByEventIdsAndTypes() throws Exception {
        // GIVEN three sockets of one tenant: one for event A, one for raised alarms, one without a filter
        var viewer = TestAccounts.newTenantWith(Role.VIEWER);
        String eventA = UUID.randomUUID().toString();
        String eventB = UUID.randomUUID().toString();
        try (LiveClient byEvent = LiveClient.open(gateway, PATH + "?token=" + viewer.token());
                LiveClient byType = LiveClient.open(gateway, PATH, viewer.bearer());
                LiveClient everything = LiveClient.open(gateway, PATH + "?token=" + viewer.token());
                LiveRecordsProducer producer = new LiveRecordsProducer()) {
            JsonObject connected = everything.next();
            assertEquals("connected", connected.getString("type"));
            assertEquals(new JsonArray(), connected.getJsonObject("payload").getJsonArray("event_ids"));
            byEvent.next("connected");
            byType.next("connected");
            // unknown fields are ignored
            byEvent.send("{\"subscribe\":{\"event_ids\":[\"" + eventA + "\"],\"colour\":\"red\"},\"x\":1}");
            JsonObject subscribed = byEvent.next();
            assertEquals("subscribed", subscribed.getString("type"));
            assertEquals(new JsonArray().add(eventA), subscribed.getJsonObject("payload").getJsonArray("event_ids"));
            byType.send(new JsonObject().put("subscribe",
                    new JsonObject().put("event_types", new JsonArray().add("alarm_raised"))));
            assertEquals("subscribed", byType.next().getString("type"));

            // WHEN values of A and B, an alarm on B and an experiment start are published
            producer.sendAndWait(LiveRecordsProducer.datapoints(viewer.tenant(), eventA, 1));
            producer.sendAndWait(LiveRecordsProducer.datapoints(viewer.tenant(), eventB, 2));
            producer.sendAndWait(LiveRecordsProducer.raised(viewer.tenant(), eventB));
            producer.sendAndWait(LiveRecordsProducer.activity(viewer.tenant(), ActivityTypes.EXPERIMENT_STARTED,
                    "exp-9", Map.of("name", "Run 9")));

            // THEN the unfiltered socket sees all four, as {"type","payload"}
            List<String> all = types(everything, 4);
            assertEquals(List.of("alarm_raised", "experiment.started", "value_changed", "value_changed"),
                    all.stream().sorted().toList());
            // AND the event filter passes A's value and the activity that is about no event, nothing of B
            List<JsonObject> mine = messages(byEvent, 2);
            assertTrue(mine.stream().anyMatch(m -> "value_changed".equals(m.getString("type"))
                    && eventA.equals(m.getJsonObject("payload").getString("event_id"))
                    && m.getJsonObject("payload").getDouble("value") == 1.0), mine.toString());
            assertTrue(mine.stream().anyMatch(m -> "experiment.started".equals(m.getString("type"))
                    && "Run 9".equals(m.getJsonObject("payload").getJsonObject("data").getString("name"))));
            // AND the type filter passes only the alarm, with the incident's fields and no tenant
            JsonObject alarm = byType.next();
            assertEquals("alarm_raised", alarm.getString("type"));
            assertEquals(eventB, alarm.getJsonObject("payload").getString("event_id"));
            assertEquals("active", alarm.getJsonObject("payload").getString("status"));
            assertEquals(99.5, alarm.getJsonObject("payload").getDouble("value"));
            assertTrue(!alarm.getJsonObject("payload").containsKey("tenant_id"));
            assertNull(byType.poll(Duration.ofMillis(500)));
            assertNull(byEvent.poll(Duration.ZERO));

            // WHEN the event filter is taken away again, the socket sees every event
            byEvent.send("{\"unsubscribe\":{\"event_ids\":[\"" + eventA + "\"]}}");
            assertEquals("unsubscribed", byEvent.next().getString("type"));
            producer.sendAndWait(LiveRecordsProducer.datapoints(viewer.tenant(), eventB, 3));
            assertEquals(eventB, byEvent.next("value_changed").getJsonObject("payload").getString("event_id"));
        }
    }

    @Test
    void valuesAreNotHeldToTheSeedStreams200msThrottle() throws Exception {
        var viewer = TestAccounts.newTenantWith(Role.VIEWER);
        String event = UUID.randomUUID().toString();
        try (LiveClient socket = LiveClient.open(gateway, PATH + "?token=" + viewer.token());
                LiveRecordsProducer producer = new LiveRecordsProducer()) {
            socket.next("connected");
            // WHEN an event changes every 60 ms for about a second
            for (int i = 1; i <= 16; i++) {
                producer.sendAndWait(LiveRecordsProducer.datapoints(viewer.tenant(), event, i));
                Thread.sleep(60);
            }

            // THEN /ws passes most values (the stream's 200 ms would pass at most about 7 in this second), in order;
            // values that reach the feed in one poll are latest-wins, so a pause of the feed may merge a few
            List<Double> values = new ArrayList<>();
            while (values.isEmpty() || values.get(values.size() - 1) < 16) {
                values.add(socket.next("value_changed").getJsonObject("payload").getDouble("value"));
            }
            assertTrue(values.size() >= 10, "values passed: " + values);
            for (int i = 1; i < values.size(); i++) {
                assertTrue(values.get(i) > values.get(i - 1), "in order: " + values);
            }
        }
    }

    @Test
    void servesClientsThatNegotiatedCompression() throws Exception {
        // GIVEN a socket that agreed on permessage-deflate: the gateway's own messages come compressed, the values
        // (one frame encoded for every connection) uncompressed, which the extension allows per message
        var viewer = TestAccounts.newTenantWith(Role.VIEWER);
        String event = UUID.randomUUID().toString();
        try (LiveClient socket = LiveClient.openCompressed(gateway, PATH + "?token=" + viewer.token());
                LiveRecordsProducer producer = new LiveRecordsProducer()) {
            socket.next("connected");
            assertTrue(String.valueOf(socket.extensions()).contains("permessage-deflate"), socket.extensions());

            // WHEN values and the gateway's answers interleave
            producer.sendAndWait(LiveRecordsProducer.datapoints(viewer.tenant(), event, 1));
            assertEquals(1.0, socket.next("value_changed").getJsonObject("payload").getDouble("value"));
            socket.send("{\"subscribe\":{\"event_ids\":[\"" + event + "\"]}}");
            assertEquals("subscribed", socket.next().getString("type"));
            producer.sendAndWait(LiveRecordsProducer.datapoints(viewer.tenant(), event, 2));

            // THEN the client reads every one of them
            assertEquals(2.0, socket.next("value_changed").getJsonObject("payload").getDouble("value"));
            socket.send("{\"type\":\"ping\"}");
            assertEquals("pong", socket.next().getString("type"));
        }
    }

    @Test
    void answersBadMessagesWithErrorsAndClosesClientsOverTheRateLimit() throws Exception {
        var viewer = TestAccounts.newTenantWith(Role.VIEWER);
        try (LiveClient socket = LiveClient.open(gateway, PATH + "?token=" + viewer.token())) {
            socket.next("connected");
            socket.send("{not json");
            assertError(socket.next(), "Invalid JSON message");
            socket.send("{\"subscribe\":{\"event_ids\":\"abc\"}}");
            assertError(socket.next(),
                    "Invalid subscribe: event_ids and event_types must be lists of non-empty strings");
            socket.send("{\"subscribe\":[1]}");
            assertTrue(errorMessage(socket.next()).startsWith("Invalid subscribe"));
            socket.send("{\"hello\":1}");
            assertTrue(errorMessage(socket.next()).startsWith("Unknown message"));
            socket.send("{\"pad\":\"" + "x".repeat(1_100_000) + "\"}");
            assertTrue(errorMessage(socket.next()).startsWith("Message too large"));
            JsonArray many = new JsonArray();
            for (int i = 0; i < 1001; i++) {
                many.add("event-" + i);
            }
            socket.send(new JsonObject().put("subscribe", new JsonObject().put("event_ids", many)));
            assertError(socket.next(), "Too many subscriptions, max 1000");
            socket.send("{\"type\":\"ping\"}");
            assertEquals("pong", socket.next().getString("type"));
            assertTrue(socket.isOpen());

            // WHEN it sends more messages than the window allows (40 in the test profile)
            for (int i = 0; i < 40; i++) {
                socket.send("{\"type\":\"ping\"}");
            }
            // THEN it is closed with 1008
            assertEquals(new LiveClient.Closed((short) 1008, "Rate limit exceeded"), socket.awaitClose());
        }
    }

    @Test
    void closesAStuckClientWith1013WithoutHoldingUpOthers() throws Exception {
        // GIVEN two sockets of one tenant, one of which stops reading
        var viewer = TestAccounts.newTenantWith(Role.VIEWER);
        String event = UUID.randomUUID().toString();
        try (LiveClient stuck = LiveClient.open(gateway, PATH + "?token=" + viewer.token());
                LiveClient healthy = LiveClient.open(gateway, PATH + "?token=" + viewer.token());
                LiveRecordsProducer producer = new LiveRecordsProducer()) {
            stuck.next("connected");
            healthy.next("connected");
            stuck.stopReading();
            int openBefore = sockets.openConnections();

            // WHEN far more is published than buffers hold: 250 activity records of 200 KB, 50 MB. Loopback receive
            // buffers grow up to net.ipv4.tcp_rmem's maximum (32 MB on the build box), send buffers up to 4 MB, and the
            // paused client still queues a few messages; 60 records (12 MB) could all fit, the server's write queue
            // then never filled, and the test once timed out waiting for the close.
            String padding = "p".repeat(200_000);
            int records = 250;
            for (int i = 0; i < records; i++) {
                // one subject: one partition, in order
                producer.sendAndWait(LiveRecordsProducer.activity(viewer.tenant(), "test.bulk", "bulk",
                        Map.of("padding", padding, "n", i)));
            }
            // THEN the healthy socket receives all of it, and values still arrive promptly
            for (int i = 0; i < records; i++) {
                assertEquals(i, healthy.next("test.bulk").getJsonObject("payload").getJsonObject("data")
                        .getInteger("n"));
            }
            long sent = System.nanoTime();
            producer.sendAndWait(LiveRecordsProducer.datapoints(viewer.tenant(), event, 7));
            healthy.next("value_changed");
            assertTrue(System.nanoTime() - sent < Duration.ofSeconds(2).toNanos());

            // AND the stuck one is closed by the server after the stuck timeout (2 s in the test profile): once it
            // reads again, it finds the close frame behind what was buffered
            Thread.sleep(3_500);
            stuck.resumeReading();
            assertEquals(new LiveClient.Closed((short) 1013, "Client is not reading"), stuck.awaitClose());
            Await.until("the server let go of the stuck socket", Duration.ofSeconds(10),
                    () -> sockets.openConnections() == openBefore - 1);
            assertTrue(healthy.isOpen());
        }
    }

    @Test
    void tellsClientsWhenKafkaIsAwayAndWhenTheStreamResumes() throws Exception {
        var broker = EmbeddedKafkaResource.broker();
        Assumptions.assumeTrue(broker != null, "external Kafka: cannot stop it");
        var viewer = TestAccounts.newTenantWith(Role.VIEWER);
        String event = UUID.randomUUID().toString();
        try (LiveClient socket = LiveClient.open(gateway, PATH + "?token=" + viewer.token());
                LiveClient stream = LiveClient.open(gateway, LiveSockets.STREAM_PATH + "?token=" + viewer.token())) {
            socket.next("connected");
            stream.next("connected");
            broker.stop();
            try {
                JsonObject paused = socket.next("status");
                assertEquals("paused", paused.getJsonObject("payload").getString("state"));
                assertEquals("paused", stream.next("status").getString("status"));
            } finally {
                broker.restart();
            }
            assertEquals("resumed", socket.next("status").getJsonObject("payload").getString("state"));
            assertEquals("resumed", stream.next("status").getString("status"));
            try (LiveRecordsProducer producer = new LiveRecordsProducer()) {
                producer.sendAndWait(LiveRecordsProducer.datapoints(viewer.tenant(), event, 4));
            }
            assertEquals(4.0, socket.next("value_changed").getJsonObject("payload").getDouble("value"));
        }
    }

    private static List<String> types(LiveClient socket, int count) throws InterruptedException {
        return messages(socket, count).stream().map(m -> m.getString("type")).toList();
    }

    private static List<JsonObject> messages(LiveClient socket, int count) throws InterruptedException {
        List<JsonObject> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JsonObject message = socket.next();
            assertTrue(message.containsKey("payload"), message.encode());
            messages.add(message);
        }
        return messages;
    }

    private static void assertError(JsonObject reply, String message) {
        assertEquals(message, errorMessage(reply));
    }

    private static String errorMessage(JsonObject reply) {
        assertEquals("error", reply.getString("type"), reply.encode());
        return reply.getJsonObject("payload").getString("message");
    }
}
