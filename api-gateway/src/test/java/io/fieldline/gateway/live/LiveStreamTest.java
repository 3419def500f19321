package io.fieldline.gateway.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import io.fieldline.gateway.StubServicesResource;
import io.fieldline.gateway.TestAccounts;
import io.fieldline.gateway.TestQueries;
import io.fieldline.model.IdentityClaims;
import io.fieldline.model.Role;
import io.fieldline.model.Topic;
import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed 000's {@code /ws/datapoints/stream}, its authentication, and the tenant boundary of the live feed. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
@QuarkusTestResource(StubServicesResource.class)
class LiveStreamTest {

    private static final String PATH = LiveSockets.STREAM_PATH;

    @TestHTTPResource("/")
    URI gateway;

    @Inject
    LiveFeed feed;

    @BeforeEach
    void feedReads() {
        Await.until("the live feed reads every live topic", Duration.ofSeconds(30), feed::readsAll);
    }

    @Test
    void sendsConnectedThenOnlyTheTenantsDatapointsAndAnswersPings() throws Exception {
        // GIVEN viewers of two tenants on the stream
        var mine = TestAccounts.newTenantWith(Role.VIEWER);
        var other = TestAccounts.newTenantWith(Role.VIEWER);
        String myEvent = UUID.randomUUID().toString();
        String otherEvent = UUID.randomUUID().toString();
        try (LiveClient socket = LiveClient.open(gateway, PATH + "?token=" + mine.token());
                LiveClient otherSocket = LiveClient.open(gateway, PATH, other.bearer());
                LiveRecordsProducer producer = new LiveRecordsProducer()) {
            assertEquals(new JsonObject(StreamConnection.CONNECTED), socket.next());
            assertEquals(new JsonObject(StreamConnection.CONNECTED), otherSocket.next());

            // WHEN datapoints of both tenants are published (the other tenant's using my event id too)
            producer.sendAndWait(LiveRecordsProducer.datapoints(other.tenant(), otherEvent, 5));
            producer.sendAndWait(LiveRecordsProducer.datapoints(other.tenant(), myEvent, 6));
            producer.sendAndWait(LiveRecordsProducer.datapoints(mine.tenant(), myEvent, 1.5, 2.5));

            // THEN my socket gets my event's latest value in seed 000's shape, and nothing of the other tenant
            JsonObject batch = socket.next();
            assertEquals("datapoints_batch", batch.getString("type"));
            JsonArray datapoints = batch.getJsonArray("datapoints");
            assertEquals(1, datapoints.size(), batch.encode());
            JsonObject item = datapoints.getJsonObject(0);
            assertEquals(2.5, item.getDouble("value"));
            assertEquals(myEvent, item.getString("event_public_id"));
            assertEquals("exp-1", item.getString("experiment_public_id"));
            assertTrue(item.getString("timestamp").endsWith("Z"));
            assertEquals(4, item.size());
            assertNull(socket.poll(Duration.ofMillis(500)));
            // AND the other tenant's socket got only its own two events
            List<String> seen = new ArrayList<>();
            for (JsonObject message = otherSocket.poll(Duration.ofSeconds(2)); message != null; message = otherSocket
                    .poll(Duration.ofMillis(500))) {
                message.getJsonArray("datapoints").forEach(d -> seen.add(((JsonObject) d).getString("event_public_id")
                        + "=" + ((JsonObject) d).getDouble("value")));
            }
            assertEquals(2, seen.size(), seen.toString());
            assertEquals(Set.of(otherEvent + "=5.0", myEvent + "=6.0"), new HashSet<>(seen));

            socket.send("{\"type\":\"ping\"}");
            assertEquals(new JsonObject().put("type", "pong"), socket.next());
            socket.send("{\"type\":\"hello\",\"x\":1}"); // ignored, as the seed does
            socket.send("not json");
            assertEquals("error", socket.next().getString("type"));
        }
    }

    @Test
    void sendsAtMostOneUpdatePerEventEvery200msAndTheLatestValueWins() throws Exception {
        var viewer = TestAccounts.newTenantWith(Role.VIEWER);
        String event = UUID.randomUUID().toString();
        String quiet = UUID.randomUUID().toString();
        try (LiveClient socket = LiveClient.open(gateway, PATH + "?token=" + viewer.token());
                LiveRecordsProducer producer = new LiveRecordsProducer()) {
            socket.next("connected");
            // WHEN 40 values of one event arrive over about a second, and one value of another event
            for (int i = 1; i <= 40; i++) {
                producer.send(LiveRecordsProducer.datapoints(viewer.tenant(), event, i));
                if (i == 20) {
                    producer.sendAndWait(LiveRecordsProducer.datapoints(viewer.tenant(), quiet, -1));
                }
                Thread.sleep(25);
            }
            producer.sendAndWait(LiveRecordsProducer.datapoints(viewer.tenant(), event, 41));

            // THEN the event's values arrive at least 200 ms apart (some skipped), ending with the latest
            List<LiveClient.Received> batches = new ArrayList<>();
            double last = 0;
            int values = 0;
            int quietValues = 0;
            while (last < 41) {
                LiveClient.Received received = socket.nextReceived();
                batches.add(received);
                for (Object item : received.message().getJsonArray("datapoints")) {
                    JsonObject datapoint = (JsonObject) item;
                    if (event.equals(datapoint.getString("event_public_id"))) {
                        assertTrue(datapoint.getDouble("value") > last, "values arrive in order");
                        last = datapoint.getDouble("value");
                        values++;
                    } else {
                        quietValues++;
                    }
                }
            }
            assertEquals(1, quietValues);
            assertTrue(values < 20, "intermediate values are dropped: " + values + " of 41 sent");
            for (int i = 1; i < batches.size(); i++) {
                long gapMs = (batches.get(i).at() - batches.get(i - 1).at()) / 1_000_000;
                assertTrue(gapMs >= 150, "batches " + gapMs + " ms apart"); // 200 ms less client-side jitter
            }
        }
    }

    @Test
    void acceptsThenClosesWith1008AndTheSeedReasonForRefusedCredentials() throws Exception {
        var viewer = TestAccounts.newTenantWith(Role.VIEWER);
        var revoked = TestAccounts.addUser(viewer.tenant(), Role.VIEWER);
        revoke(revoked.token());
        for (String path : List.of(PATH, LiveSockets.TYPED_PATH)) {
            assertRefused(path, "Authentication required");
            assertRefused(path + "?token=not-a-jwt", "Invalid or expired token");
            assertRefused(path + "?token=fl_unknown", "Invalid API token");
            assertRefused(path + "?token=" + revoked.token(), "Token has been revoked");
        }
    }

    @Test
    void closesWith1008WhenTheTokenIsRevokedOrExpiresWhileOpen() throws Exception {
        var viewer = TestAccounts.newTenantWith(Role.VIEWER);
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", viewer.userPublicId());
        claims.put(IdentityClaims.TENANT, viewer.tenant().value());
        String shortLived = Tokens.forTests().sign(claims, IdentityClaims.AUDIENCE_API, Duration.ofSeconds(2));
        try (LiveClient revokedSocket = LiveClient.open(gateway, PATH + "?token=" + viewer.token());
                LiveClient expiring = LiveClient.open(gateway, LiveSockets.TYPED_PATH + "?token=" + shortLived)) {
            revokedSocket.next("connected");
            expiring.next("connected");

            revoke(viewer.token());

            assertEquals(new LiveClient.Closed((short) 1008, "Token has been revoked"), revokedSocket.awaitClose());
            assertEquals(new LiveClient.Closed((short) 1008, "Invalid or expired token"), expiring.awaitClose());
        }
    }

    @Test
    void skipsUnreadableRecordsAndKeepsStreaming() throws Exception {
        var viewer = TestAccounts.newTenantWith(Role.VIEWER);
        String event = UUID.randomUUID().toString();
        try (LiveClient socket = LiveClient.open(gateway, PATH + "?token=" + viewer.token());
                LiveRecordsProducer producer = new LiveRecordsProducer()) {
            socket.next("connected");
            producer.sendRaw(Topic.Names.DATAPOINTS, viewer.tenant().value() + "/" + event, "{broken");
            producer.sendRaw(Topic.Names.DATAPOINTS, viewer.tenant().value() + "/" + event, "{\"tenant_id\":1}");
            producer.sendAndWait(LiveRecordsProducer.datapoints(viewer.tenant(), event, 3));

            JsonObject batch = socket.next();
            assertEquals(3.0, batch.getJsonArray("datapoints").getJsonObject(0).getDouble("value"));
        }
    }

    private void assertRefused(String path, String reason) throws Exception {
        try (LiveClient socket = LiveClient.open(gateway, path)) {
            assertEquals(new LiveClient.Closed((short) 1008, reason), socket.awaitClose(), path);
            assertNull(socket.poll(Duration.ZERO));
        }
    }

    static void revoke(String accessToken) {
        String payload = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]),
                StandardCharsets.UTF_8);
        TestQueries.changeIdentity(
                "INSERT INTO revoked_access_token (jti, expires_at) VALUES (?, now() + interval '1 hour')",
                new JsonObject(payload).getString("jti"));
    }
}
