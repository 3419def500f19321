package io.fieldline.ingest.intake;

import static io.fieldline.ingest.event.EventCallers.as;
import static io.fieldline.ingest.event.EventCallers.create;
import static io.fieldline.ingest.intake.IntakeRecords.header;
import static io.fieldline.ingest.intake.IntakeRecords.value;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.fieldline.ingest.event.EventCallers;
import io.fieldline.model.RecordKeys;
import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.MintedIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Datapoints in: what is accepted reaches Kafka as seed 000 + Fieldline say, what is not is refused. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class DatapointIntakeTest {

    static String item(String eventId, String value) {
        return "{\"event_public_id\":\"" + eventId + "\",\"value\":" + value + "}";
    }

    static String batch(String... items) {
        return "{\"datapoints\":[" + String.join(",", items) + "]}";
    }

    @Test
    void singleDatapointIsProducedWithServerTimeAndGoodQuality() {
        // GIVEN an event
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = create(operator, "Inlet");

        // WHEN one datapoint is posted
        Instant before = Instant.now();
        String id = as(operator).body(item(event, "21.5")).when().post("/api/v1/datapoints").then().statusCode(201)
                .body("status", equalTo("success")).body("message", equalTo("1 datapoint successfully created."))
                .body("public_id", notNullValue()).extract().path("public_id");
        Instant after = Instant.now();

        // THEN one record carries it, keyed <tenant>/<event public id>, stamped and received at the server's time
        ConsumerRecord<String, String> record = IntakeRecords.await(operator.tenant(), 1).get(0);
        assertEquals(RecordKeys.datapoints(operator.tenant(), event), record.key());
        assertEquals(operator.tenant().value(), header(record, "tenant-id"));
        assertEquals("application/json", header(record, "content-type"));
        assertEquals("1", header(record, "schema-version"));
        assertEquals(Instant.parse(header(record, "creation-time")), Instant.parse(
                value(record).get("received_at").asText()));
        JsonNode received = value(record);
        assertEquals(operator.tenant().value(), received.get("tenant_id").asText());
        assertEquals(event, received.get("event_id").asText());
        Instant receivedAt = Instant.parse(received.get("received_at").asText());
        assertFalse(receivedAt.isBefore(before.truncatedTo(ChronoUnit.MILLIS)) || receivedAt.isAfter(after));
        JsonNode datapoint = received.get("datapoints").get(0);
        assertEquals(1, received.get("datapoints").size());
        assertEquals(id, datapoint.get("id").asText());
        assertEquals(21.5, datapoint.get("value").asDouble());
        assertEquals("GOOD", datapoint.get("quality").asText());
        assertEquals(receivedAt, Instant.parse(datapoint.get("timestamp").asText()));
        assertTrue(datapoint.get("experiment_id").isNull());
    }

    @Test
    void batchKeepsOrderPerEventAndIsTaggedWithTheLatestRunningExperiment() {
        // GIVEN two events and two running experiments, the second started last
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String pump = create(operator, "Pump");
        String valve = create(operator, "Valve");
        start(operator, "Older");
        String latest = start(operator, "Latest");
        String deviceTime = "2026-01-02T03:04:05.123Z";

        // WHEN a batch interleaves them, one with a device timestamp and quality codes
        as(operator).body(batch(item(pump, "1"), item(valve, "2"),
                "{\"event_public_id\":\"" + pump + "\",\"value\":3,\"timestamp\":\"" + deviceTime
                        + "\",\"quality\":\"UNCERTAIN\"}",
                "{\"event_public_id\":\"" + valve + "\",\"value\":-4.25,\"quality\":\"BAD\",\"extra\":[1,{}]}"))
                .when().post("/api/v1/datapoints/batch").then().statusCode(201).body("status", equalTo("success"))
                .body("message", equalTo("4 datapoints successfully created.")).body("accepted", equalTo(4))
                .body("rejected", empty());

        // THEN one record per event, datapoints in the order sent, all tagged with the latest experiment
        List<ConsumerRecord<String, String>> records = IntakeRecords.await(operator.tenant(), 2);
        JsonNode pumps = value(records.stream().filter(r -> r.key().endsWith(pump)).findFirst().orElseThrow());
        JsonNode valves = value(records.stream().filter(r -> r.key().endsWith(valve)).findFirst().orElseThrow());
        Instant receivedAt = Instant.parse(pumps.get("received_at").asText());
        assertEquals(receivedAt, Instant.parse(valves.get("received_at").asText()));
        assertEquals(List.of(1.0, 3.0), values(pumps));
        assertEquals(List.of(2.0, -4.25), values(valves));
        assertEquals(receivedAt, Instant.parse(pumps.at("/datapoints/0/timestamp").asText()));
        assertEquals(Instant.parse(deviceTime), Instant.parse(pumps.at("/datapoints/1/timestamp").asText()));
        assertEquals("UNCERTAIN", pumps.at("/datapoints/1/quality").asText());
        assertEquals("BAD", valves.at("/datapoints/1/quality").asText());
        for (JsonNode record : List.of(pumps, valves)) {
            record.get("datapoints").forEach(d -> assertEquals(latest, d.get("experiment_id").asText()));
        }
    }

    @Test
    void mixedBatchAcceptsTheValidAndReportsTheRestByIndex() {
        // GIVEN an event of the tenant and one of another tenant
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = create(operator, "Flow");
        String foreign = create(EventCallers.newTenant(Role.OPERATOR), "Flow");
        String future = Instant.now().plusSeconds(600).toString();

        // WHEN a batch mixes valid and invalid items
        as(operator).body(batch(
                item(event, "10"), // 0 ok
                item(UUID.randomUUID().toString(), "1"), // 1 unknown event
                item(event, "\"abc\""), // 2 not a number
                "{\"event_public_id\":\"" + event + "\"}", // 3 no value
                item(event, "NaN"), // 4 NaN literal
                "{\"event_public_id\":\"" + event + "\",\"value\":1,\"timestamp\":\"" + future + "\"}", // 5 future
                item(foreign, "1"), // 6 another tenant's event
                "{\"event_public_id\":\"" + event + "\",\"value\":1,\"quality\":\"EXCELLENT\"}", // 7 bad quality
                "42", // 8 not an object
                item(event, "20"), // 9 ok
                item(event, "1e999"), // 10 overflows to Infinity
                "{\"event_public_id\":\"" + event + "\",\"value\":1,\"timestamp\":\"yesterday\"}", // 11 bad time
                item("not-an-id", "1"), // 12 malformed event id
                item(event, "-Infinity"), // 13
                "{\"value\":1}")) // 14 no event
                .when().post("/api/v1/datapoints/batch").then().statusCode(201)
                .body("message", equalTo("2 datapoints successfully created.")).body("accepted", equalTo(2))
                .body("rejected.index", contains(1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14))
                .body("rejected.type", contains("not_found", "float_type", "missing", "finite_number",
                        "timestamp_in_future", "not_found", "enum", "model_type", "finite_number",
                        "datetime_parsing", "not_found", "finite_number", "missing"))
                .body("rejected[0].detail", equalTo("Event not found."))
                .body("rejected[0].loc", contains("body", "datapoints", 1, "event_public_id"))
                .body("rejected[1].loc", contains("body", "datapoints", 2, "value"))
                .body("rejected[7].loc", contains("body", "datapoints", 8));

        // THEN only the valid ones reach Kafka
        JsonNode received = value(IntakeRecords.await(operator.tenant(), 1).get(0));
        assertEquals(List.of(10.0, 20.0), values(received));
    }

    @Test
    void batchLimitsAndShape() {
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = create(operator, "Many");
        String[] items = new String[501];
        for (int i = 0; i < items.length; i++) {
            items[i] = item(event, Integer.toString(i));
        }

        // 500 items are accepted; 501 are refused as a whole
        as(operator).body(batch(java.util.Arrays.copyOf(items, 500))).when().post("/api/v1/datapoints/batch")
                .then().statusCode(201).body("message", equalTo("500 datapoints successfully created."));
        as(operator).body(batch(items)).when().post("/api/v1/datapoints/batch").then().statusCode(422)
                .body("code", equalTo("validation_error")).body("errors[0].loc", contains("body", "datapoints"))
                .body("errors[0].type", equalTo("too_long"))
                .body("detail", equalTo("List should have at most 500 items after validation, not 501"));
        assertEquals(500, value(IntakeRecords.await(operator.tenant(), 1).get(0)).get("datapoints").size());

        // An empty batch is fine (seed 000); a batch that is not one is not
        as(operator).body("{\"datapoints\":[]}").when().post("/api/v1/datapoints/batch").then().statusCode(201)
                .body("message", equalTo("0 datapoints successfully created.")).body("accepted", equalTo(0));
        as(operator).body(batch(item("nope", "1"))).when().post("/api/v1/datapoints/batch").then().statusCode(201)
                .body("accepted", equalTo(0)).body("rejected.index", contains(0))
                .body("rejected[0].type", equalTo("not_found"));
        as(operator).body("{}").when().post("/api/v1/datapoints/batch").then().statusCode(422)
                .body("errors[0].loc", contains("body", "datapoints")).body("errors[0].type", equalTo("missing"));
        as(operator).body("{\"datapoints\":{}}").when().post("/api/v1/datapoints/batch").then().statusCode(422)
                .body("errors[0].type", equalTo("list_type"));
        as(operator).body("[]").when().post("/api/v1/datapoints/batch").then().statusCode(422);
        as(operator).body("").when().post("/api/v1/datapoints/batch").then().statusCode(422);
        as(operator).body("{\"datapoints\":[{\"value\":1,").when().post("/api/v1/datapoints/batch").then()
                .statusCode(400).body("code", equalTo("bad_request"));
        as(operator).body("{\"datapoints\":[]} {}").when().post("/api/v1/datapoints/batch").then().statusCode(400);
        // A body over the limit (1 MB) is refused before it is read
        as(operator).body("{\"padding\":\"" + "x".repeat(1_100_000) + "\",\"datapoints\":[]}").when()
                .post("/api/v1/datapoints/batch").then().statusCode(413).body("code", equalTo("payload_too_large"));
    }

    @Test
    void singleDatapointRefusals() {
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = create(operator, "Level");
        String foreign = create(EventCallers.newTenant(Role.OPERATOR), "Level");

        as(operator).body(item(UUID.randomUUID().toString(), "1")).when().post("/api/v1/datapoints").then()
                .statusCode(404).body("detail", equalTo("Event not found.")).body("code", equalTo("not_found"));
        as(operator).body(item(foreign, "1")).when().post("/api/v1/datapoints").then().statusCode(404)
                .body("detail", equalTo("Event not found."));
        as(operator).body(item("nope", "1")).when().post("/api/v1/datapoints").then().statusCode(404);
        for (String notFinite : List.of("NaN", "Infinity", "-Infinity", "+Infinity", "1e400", "-1e400")) {
            as(operator).body(item(event, notFinite)).when().post("/api/v1/datapoints").then().statusCode(422)
                    .body("errors[0].loc", contains("body", "value")).body("errors[0].type", equalTo("finite_number"));
        }
        for (String notNumber : List.of("\"NaN\"", "\"1.5\"", "null", "true", "[1]", "{}")) {
            as(operator).body(item(event, notNumber)).when().post("/api/v1/datapoints").then().statusCode(422)
                    .body("errors[0].type", equalTo("float_type"));
        }
        as(operator).body("{\"event_public_id\":\"" + event + "\"}").when().post("/api/v1/datapoints").then()
                .statusCode(422).body("errors[0].msg", equalTo("Field required"));
        as(operator).body("{\"value\":1}").when().post("/api/v1/datapoints").then().statusCode(422)
                .body("errors[0].loc", contains("body", "event_public_id"));
        as(operator).body("{\"event_public_id\":5,\"value\":1}").when().post("/api/v1/datapoints").then()
                .statusCode(422).body("errors[0].type", equalTo("string_type"));
        as(operator).body(stamped(event, Instant.now().plusSeconds(6 * 60))).when().post("/api/v1/datapoints").then()
                .statusCode(422).body("errors[0].loc", contains("body", "timestamp"))
                .body("errors[0].type", equalTo("timestamp_in_future"));
        as(operator).body("{\"event_public_id\":\"" + event + "\",\"value\":1,\"quality\":\"good\"}").when()
                .post("/api/v1/datapoints").then().statusCode(422).body("errors[0].type", equalTo("enum"));
        as(operator).body("").when().post("/api/v1/datapoints").then().statusCode(422);
        as(operator).body("{\"value\":").when().post("/api/v1/datapoints").then().statusCode(400);
        as(operator).body("[]").when().post("/api/v1/datapoints").then().statusCode(422);

        // Within the skew, with an offset, or naive (UTC): accepted, with the time as given
        as(operator).body(stamped(event, Instant.now().plusSeconds(4 * 60))).when().post("/api/v1/datapoints")
                .then().statusCode(201);
        as(operator)
                .body("{\"event_public_id\":\"" + event + "\",\"value\":2,\"timestamp\":\"2026-01-01T12:00:00+02:00\"}")
                .when().post("/api/v1/datapoints").then().statusCode(201);
        as(operator).body("{\"event_public_id\":\"" + event + "\",\"value\":3,\"timestamp\":\"2026-01-01T12:00:00\"}")
                .when().post("/api/v1/datapoints").then().statusCode(201);
        List<ConsumerRecord<String, String>> records = IntakeRecords.await(operator.tenant(), 3);
        assertEquals(Instant.parse("2026-01-01T10:00:00Z"),
                Instant.parse(value(records.get(1)).at("/datapoints/0/timestamp").asText()));
        assertEquals(Instant.parse("2026-01-01T12:00:00Z"),
                Instant.parse(value(records.get(2)).at("/datapoints/0/timestamp").asText()));
    }

    @Test
    void onlyOperatorsWriteDatapoints() {
        MintedIdentity viewer = EventCallers.newTenant(Role.VIEWER);
        String event = create(EventCallers.of(viewer.tenant(), Role.OPERATOR), "Guarded");

        as(viewer).body(item(event, "1")).when().post("/api/v1/datapoints").then().statusCode(403)
                .body("detail", equalTo("Operator privileges required."));
        as(viewer).body(batch(item(event, "1"))).when().post("/api/v1/datapoints/batch").then().statusCode(403)
                .body("detail", equalTo("Operator privileges required."));
        as(EventCallers.withoutPermissions(Role.ADMIN)).body(item(event, "1")).when().post("/api/v1/datapoints")
                .then().statusCode(403);
        io.restassured.RestAssured.given().contentType("application/json").body(item(event, "1")).when()
                .post("/api/v1/datapoints").then().statusCode(401);
    }

    private static String stamped(String event, Instant timestamp) {
        return "{\"event_public_id\":\"" + event + "\",\"value\":1,\"timestamp\":\"" + timestamp + "\"}";
    }

    private static String start(MintedIdentity operator, String name) {
        return as(operator).body("{\"name\":\"" + name + "\"}").when().post("/api/v1/experiments").then()
                .statusCode(201).extract().path("public_id");
    }

    private static List<Double> values(JsonNode received) {
        List<Double> values = new java.util.ArrayList<>();
        received.get("datapoints").forEach(d -> values.add(d.get("value").asDouble()));
        return values;
    }
}
