package io.fieldline.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RecordRoundTripTest {

    private final ObjectMapper json = ModelJson.newMapper();
    private final TenantId tenant = TenantId.of("acme");
    private final Instant at = Instant.parse("2026-11-22T10:15:30.123Z");

    @Test
    void datapointsReceivedRoundTripsWithSnakeCaseFields() throws Exception {
        var record = new DatapointsReceived(tenant, "evt-1",
                List.of(new Datapoint("dp-1", 21.5, at, Quality.UNCERTAIN, "exp-1"),
                        new Datapoint("dp-2", -3.0, at, null, null)),
                at);

        String text = json.writeValueAsString(record);
        JsonNode tree = json.readTree(text);

        assertEquals("acme", tree.get("tenant_id").asText());
        assertEquals("evt-1", tree.get("event_id").asText());
        assertEquals("2026-11-22T10:15:30.123Z", tree.get("received_at").asText());
        assertEquals("UNCERTAIN", tree.get("datapoints").get(0).get("quality").asText());
        assertEquals("exp-1", tree.get("datapoints").get(0).get("experiment_id").asText());
        assertEquals(record, json.readValue(text, DatapointsReceived.class));
        assertEquals(Quality.GOOD, record.datapoints().get(1).quality(), "absent quality means GOOD");
        assertEquals("acme/evt-1", record.key());
    }

    @Test
    void incidentTransitionedRoundTripsWithLowercaseEnums() throws Exception {
        var record = new IncidentTransitioned(tenant, "inc-1", "rule-1", "evt-1", IncidentTransition.RAISED,
                IncidentStatus.ACTIVE, Severity.LIFE_SAFETY, 99.5, null, null, at,
                new RuleSnapshot("Boiler too hot", "threshold", "gt", 90.0, null, "webhook",
                        "sensor.threshold_exceeded"));

        String text = json.writeValueAsString(record);
        JsonNode tree = json.readTree(text);

        assertEquals("raised", tree.get("transition").asText());
        assertEquals("active", tree.get("status").asText());
        assertEquals("life_safety", tree.get("severity").asText());
        assertEquals("sensor.threshold_exceeded", tree.get("rule").get("webhook_event_type").asText());
        assertEquals(record, json.readValue(text, IncidentTransitioned.class));
        assertEquals("acme/rule-1/evt-1", record.key());
    }

    @Test
    void activityAndDeadLetterRoundTrip() throws Exception {
        var activity = new ActivityOccurred(tenant, ActivityTypes.EXPERIMENT_STARTED, "exp-9", "usr-1",
                Map.of("name", "run 9"), at);
        var deadLetter = new DeliveryDeadLettered(tenant, "wh-1", "del-1", "sensor.reading", "{\"a\":1}", 8,
                "HTTP 500", at);

        assertEquals(activity, json.readValue(json.writeValueAsString(activity), ActivityOccurred.class));
        assertEquals(deadLetter, json.readValue(json.writeValueAsString(deadLetter), DeliveryDeadLettered.class));
        assertEquals("acme/exp-9", activity.key());
        assertEquals("acme/wh-1", deadLetter.key());
    }

    @Test
    void unknownFieldsFromNewerProducersAreIgnored() throws Exception {
        String text = "{\"tenant_id\":\"acme\",\"type\":\"x.y\",\"subject\":\"s\",\"occurred_at\":\"2026-11-22T10:15:30Z\","
                + "\"added_in_v2\":true}";

        ActivityOccurred activity = json.readValue(text, ActivityOccurred.class);

        assertEquals("x.y", activity.type());
        assertTrue(activity.data().isEmpty());
    }

    @Test
    void nonFiniteValuesAndEmptyBatchesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Datapoint("d", Double.NaN, at, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Datapoint("d", Double.POSITIVE_INFINITY, at, null, null));
        assertThrows(IllegalArgumentException.class, () -> new DatapointsReceived(tenant, "e", List.of(), at));
    }

    @Test
    void invalidTenantInJsonIsRejected() {
        String text = "{\"tenant_id\":\"a/b\",\"type\":\"x\",\"subject\":\"s\",\"occurred_at\":\"2026-11-22T10:15:30Z\"}";

        assertThrows(Exception.class, () -> json.readValue(text, ActivityOccurred.class));
    }
}
