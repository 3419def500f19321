package io.fieldline.gateway.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fieldline.model.Datapoint;
import io.fieldline.model.DatapointsReceived;
import io.fieldline.model.ModelJson;
import io.fieldline.model.Quality;
import io.fieldline.model.TenantId;
import io.fieldline.model.Topic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A datapoint record's two messages, written field by field, are exactly what the same fields give as JSON trees
 * (how the gateway built them before, and how {@code /ws} and seed 000's stream document them).
 */
class LiveRecordsTest {

    private static final ObjectMapper JSON = ModelJson.newMapper();

    @ParameterizedTest
    @ValueSource(doubles = { 21.5, 0.0, -0.0, -3, 1e10, 1.0E-7, 123456789.123, Double.MAX_VALUE })
    void writesTheLatestValueAsTheTreesDid(double value) throws Exception {
        Datapoint older = new Datapoint("dp-1", 1.0, Instant.parse("2026-12-08T01:00:00Z"), Quality.GOOD, null);
        Datapoint latest = new Datapoint("dp-2", value, Instant.parse("2026-12-08T01:00:00.123456789Z"),
                Quality.UNCERTAIN, value > 0 ? "exp-7" : null);
        DatapointsReceived received = new DatapointsReceived(TenantId.of("tenant-a"), "ev-\"1\"",
                List.of(older, latest), Instant.parse("2026-12-08T01:00:01.5Z"));

        LiveUpdate.Value update = assertInstanceOf(LiveUpdate.Value.class,
                LiveRecords.parse(Topic.Names.DATAPOINTS, JSON.writeValueAsString(received)));

        assertEquals(streamItemTree(received, latest), update.streamItem());
        assertEquals(typedFrameTree(received, latest), update.typedFrame().text());
        assertEquals(received.eventId(), update.eventId());
        assertEquals(received.tenantId(), update.tenant());
    }

    private static String streamItemTree(DatapointsReceived received, Datapoint latest) throws Exception {
        ObjectNode item = JSON.createObjectNode();
        item.put("value", latest.value());
        item.put("event_public_id", received.eventId());
        item.put("timestamp", latest.timestamp().toString());
        item.put("experiment_public_id", latest.experimentId());
        return JSON.writeValueAsString(item);
    }

    private static String typedFrameTree(DatapointsReceived received, Datapoint latest) throws Exception {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("event_id", received.eventId());
        payload.put("datapoint_id", latest.id());
        payload.put("value", latest.value());
        payload.put("quality", JSON.valueToTree(latest.quality()).asText());
        payload.put("timestamp", latest.timestamp().toString());
        payload.put("experiment_id", latest.experimentId());
        payload.put("received_at", received.receivedAt().toString());
        ObjectNode frame = JSON.createObjectNode();
        frame.put("type", "value_changed");
        frame.set("payload", payload);
        return JSON.writeValueAsString(frame);
    }
}
