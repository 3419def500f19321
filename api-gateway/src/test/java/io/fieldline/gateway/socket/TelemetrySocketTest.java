package io.fieldline.gateway.socket;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.fieldline.gateway.ForwardedIdentity;
import io.fieldline.gateway.StubServicesResource;
import io.fieldline.gateway.TestAccounts;
import io.fieldline.gateway.TestQueries;
import io.fieldline.gateway.token.TokenFixtures;
import io.fieldline.model.IdentityClaims;
import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
@QuarkusTestResource(StubServicesResource.class)
class TelemetrySocketTest {

    private static final String PATH = TelemetrySocket.PATH;

    @TestHTTPResource("/")
    URI gateway;

    @Test
    void acceptsThenClosesWith1008AndTheSeedReasonForEveryRefusedCredential() throws Exception {
        var operator = TestAccounts.newTenantWith(Role.OPERATOR);
        var viewer = TestAccounts.addUser(operator.tenant(), Role.VIEWER);
        String unknownUser = TestAccounts.accessToken(UUID.randomUUID().toString(), operator.tenant(), Role.ADMIN);
        var expiredApiToken = TokenFixtures.create(operator);
        TestQueries.changeIdentity("UPDATE api_token SET expires_at = now() - interval '1 minute' WHERE public_id = ?",
                expiredApiToken.publicId());
        var revoked = TestAccounts.addUser(operator.tenant(), Role.OPERATOR);
        revoke(revoked.token());

        assertRefused(PATH, "Authentication required");
        assertRefused(PATH + "?token=not-a-jwt", "Invalid or expired token");
        assertRefused(PATH + "?token=fl_unknown", "Invalid API token");
        assertRefused(PATH + "?token=" + expiredApiToken.plaintext(), "API token expired");
        assertRefused(PATH + "?token=" + revoked.token(), "Token has been revoked");
        assertRefused(PATH + "?token=" + unknownUser, "User not found");
        // Fieldline extensions: the HTTP batch path's permission and suspended-tenant rules apply to the socket too.
        assertRefused(PATH + "?token=" + viewer.token(), "Not enough permissions");
        var suspended = TestAccounts.newTenantWith(Role.OPERATOR);
        TestQueries.changeIdentity("UPDATE tenant SET status = 'suspended' WHERE public_id = ?",
                suspended.tenant().value());
        assertRefused(PATH + "?token=" + suspended.token(), "Tenant is suspended");
    }

    @Test
    void forwardsEachMessageAsABatchWithTheCallersInternalIdentityAndAcknowledges() throws Exception {
        // GIVEN an operator's API token and a socket opened with it
        var operator = TestAccounts.newTenantWith(Role.OPERATOR);
        var token = TokenFixtures.create(operator);
        String event = UUID.randomUUID().toString();
        try (TestSocket socket = TestSocket.open(gateway, PATH + "?token=" + token.plaintext())) {
            // WHEN it sends a batch with one invalid item among three
            socket.send(batch("m-1", item(event, 1.5), new JsonObject().put("event_public_id", event),
                    item(event, 3)));

            // THEN the reply acknowledges two and reports the invalid one by index, echoing the message id
            JsonObject ack = socket.next();
            assertEquals("ack", ack.getString("type"));
            assertEquals(2, ack.getInteger("accepted"));
            assertEquals(1, ack.getJsonArray("rejected").getJsonObject(0).getInteger("index"));
            assertEquals("m-1", ack.getString("id"));
        }
        // AND ingest-service got the datapoints as sent, with an internal token naming the caller and its tenant
        JsonArray batches = forwardedBatches(event);
        assertEquals(1, batches.size());
        JsonObject forwarded = batches.getJsonObject(0);
        assertEquals(3, forwarded.getJsonArray("datapoints").size());
        assertEquals(1.5, forwarded.getJsonArray("datapoints").getJsonObject(0).getDouble("value"));
        JwtClaims claims = ForwardedIdentity.verify(forwarded.getString("authorization"));
        assertEquals(operator.userPublicId(), claims.getSubject());
        assertEquals(operator.tenant().value(), claims.getStringClaimValue(IdentityClaims.TENANT));
        assertEquals("api_token", claims.getStringClaimValue(IdentityClaims.CREDENTIAL_KIND));
        assertTrue(claims.getStringListClaimValue(IdentityClaims.PERMISSIONS).contains("write_data"));
    }

    @Test
    void acceptsTheCredentialInAnAuthorizationHeaderOnTheUpgrade() throws Exception {
        var admin = TestAccounts.newTenantWith(Role.ADMIN);
        String event = UUID.randomUUID().toString();
        try (TestSocket socket = TestSocket.open(gateway, PATH, admin.bearer())) {
            socket.send(batch(null, item(event, 7)));

            JsonObject ack = socket.next();
            assertEquals(1, ack.getInteger("accepted"));
            assertFalse(ack.containsKey("id"));
        }
        JwtClaims claims = ForwardedIdentity
                .verify(forwardedBatches(event).getJsonObject(0).getString("authorization"));
        assertEquals("admin", claims.getStringClaimValue(IdentityClaims.ROLE));
        assertEquals("user", claims.getStringClaimValue(IdentityClaims.CREDENTIAL_KIND));
    }

    @Test
    void answersBadMessagesWithSeedErrorsAndStaysOpen() throws Exception {
        var operator = TestAccounts.newTenantWith(Role.OPERATOR);
        String event = UUID.randomUUID().toString();
        try (TestSocket socket = TestSocket.open(gateway, PATH + "?token=" + operator.token())) {
            JsonObject[] tooMany = new JsonObject[501];
            java.util.Arrays.fill(tooMany, item(event, 1));
            socket.send(batch("big", tooMany));
            assertError(socket.next(), "Batch too large (501), max 500");

            socket.send("{\"datapoints\":[]}"); // ignored silently: the next reply is for the next message
            socket.send("{not json");
            assertError(socket.next(), "Invalid JSON message");

            socket.send("{\"values\":[1,2]}");
            assertError(socket.next(), "Invalid message: expected {\"datapoints\": [...]}");

            socket.send(batch("none", new JsonObject().put("value", 1), new JsonObject().put("value", "x")));
            JsonObject none = socket.next();
            assertError(none, "No valid datapoints in batch");
            assertEquals(2, none.getJsonArray("rejected").size());
            assertEquals("none", none.getString("id"));

            socket.send("{\"datapoints\":[],\"pad\":\"" + "x".repeat(1_100_000) + "\"}");
            assertTrue(socket.next().getString("message").startsWith("Message too large"));

            socket.send(batch("after", item(event, 2)));
            assertEquals("ack", socket.next().getString("type"));
            assertTrue(socket.isOpen());
        }
        // Only the two batches with items of a known shape reached ingest-service; refused messages never did.
        assertEquals(1, forwardedBatches(event).size());
    }

    @Test
    void tellsTheClientWhenIngestIsUnavailableOrSlowAndBoundsOutstandingForwards() throws Exception {
        var operator = TestAccounts.newTenantWith(Role.OPERATOR);
        try (TestSocket socket = TestSocket.open(gateway, PATH + "?token=" + operator.token())) {
            socket.send(batch("down", item("unavailable", 1)));
            JsonObject down = socket.next();
            assertError(down, "Datapoints were not accepted: ingest-service is unavailable, retry later");
            assertEquals(503, down.getInteger("status"));

            // GIVEN ingest-service stops answering; WHEN the client sends more messages than may be in flight
            String marker = UUID.randomUUID().toString();
            for (int i = 0; i < 6; i++) {
                socket.send(batch(i, item("stall", i), item(marker, i)));
            }
            // THEN only max-in-flight (4) are forwarded while the others wait unread
            Thread.sleep(500);
            assertEquals(4, forwardedBatches(marker).size());
            // AND each times out with an error (504), after which the waiting ones are forwarded too
            for (int i = 0; i < 6; i++) {
                assertEquals(504, socket.next().getInteger("status"));
            }
            assertEquals(6, forwardedBatches(marker).size());
        }
    }

    @Test
    void closesWith1008WhenTheCredentialIsRevokedOrExpiresWhileOpen() throws Exception {
        // GIVEN open sockets of an API token and of a short-lived access token
        var operator = TestAccounts.newTenantWith(Role.OPERATOR);
        var token = TokenFixtures.create(operator);
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", operator.userPublicId());
        claims.put(IdentityClaims.TENANT, operator.tenant().value());
        String shortLived = Tokens.forTests().sign(claims, IdentityClaims.AUDIENCE_API, Duration.ofSeconds(2));
        try (TestSocket apiSocket = TestSocket.open(gateway, PATH + "?token=" + token.plaintext());
                TestSocket userSocket = TestSocket.open(gateway, PATH + "?token=" + shortLived);
                TestSocket loggedOut = TestSocket.open(gateway, PATH + "?token=" + operator.token())) {
            apiSocket.send(batch("ok", item(UUID.randomUUID().toString(), 1)));
            assertEquals("ack", apiSocket.next().getString("type"));

            // WHEN the API token is deleted and the user's other access token is revoked
            given().header("Authorization", operator.bearer()).when().delete("/api/v1/tokens/" + token.publicId())
                    .then().statusCode(200);
            revoke(operator.token());

            // THEN each socket is closed with 1008 and the reason a new connection would get
            assertEquals(new TestSocket.Closed((short) 1008, "Invalid API token"), apiSocket.awaitClose());
            assertEquals(new TestSocket.Closed((short) 1008, "Token has been revoked"), loggedOut.awaitClose());
            assertEquals(new TestSocket.Closed((short) 1008, "Invalid or expired token"), userSocket.awaitClose());
        }
    }

    private void assertRefused(String path, String reason) throws Exception {
        try (TestSocket socket = TestSocket.open(gateway, path)) {
            assertEquals(new TestSocket.Closed((short) 1008, reason), socket.awaitClose(), path);
            assertNull(socket.poll(Duration.ZERO));
        }
    }

    private static void assertError(JsonObject reply, String message) {
        assertEquals("error", reply.getString("type"), reply.encode());
        assertEquals(message, reply.getString("message"));
    }

    private static JsonObject item(String event, double value) {
        return new JsonObject().put("event_public_id", event).put("value", value);
    }

    private static String batch(Object id, JsonObject... items) {
        JsonObject message = new JsonObject().put("datapoints", new JsonArray(java.util.List.of((Object[]) items)));
        return (id == null ? message : message.put("id", id)).encode();
    }

    private static void revoke(String accessToken) {
        String payload = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]),
                StandardCharsets.UTF_8);
        TestQueries.changeIdentity(
                "INSERT INTO revoked_access_token (jti, expires_at) VALUES (?, now() + interval '1 hour')",
                new JsonObject(payload).getString("jti"));
    }

    private static JsonArray forwardedBatches(String event) {
        String stub = ConfigProvider.getConfig().getValue("fieldline.gateway.ingest-url", String.class);
        return new JsonArray(given().baseUri(stub).queryParam("event", event).when().get("/stub/batches")
                .then().statusCode(200).extract().asString());
    }
}
