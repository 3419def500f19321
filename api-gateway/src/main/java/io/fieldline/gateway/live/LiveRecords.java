package io.fieldline.gateway.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.Datapoint;
import io.fieldline.model.DatapointsReceived;
import io.fieldline.model.IncidentTransition;
import io.fieldline.model.IncidentTransitioned;
import io.fieldline.model.IsoInstants;
import io.fieldline.model.ModelJson;
import io.fieldline.model.Quality;
import io.fieldline.model.Topic;
import org.jboss.logging.Logger;

/**
 * Turns records of the live topics into {@link LiveUpdate}s with their frames. An unreadable record is logged and
 * skipped: retrying cannot make it readable, and the live view must not stall on it.
 */
final class LiveRecords {

    /** The {@code /ws} value message type. */
    static final String VALUE_CHANGED = "value_changed";
    /** Activity types about one event (their subject is the event's public id). */
    static final String EVENT_ACTIVITY_PREFIX = "event.";

    private static final Logger LOG = Logger.getLogger(LiveRecords.class);
    private static final ObjectMapper JSON = ModelJson.newMapper();
    // As the mapper writes them (@JsonProperty), looked up once.
    private static final Map<Quality, String> QUALITY_NAMES = qualityNames();

    private LiveRecords() {
    }

    /** The update a record carries, or null when it carries none. */
    static LiveUpdate parse(String topic, String value) {
        try {
            if (Topic.Names.DATAPOINTS.equals(topic)) {
                return value(JSON.readValue(value, DatapointsReceived.class));
            }
            if (Topic.Names.INCIDENTS.equals(topic)) {
                return alarm(JSON.readValue(value, IncidentTransitioned.class));
            }
            if (Topic.Names.ACTIVITY.equals(topic)) {
                return activity(JSON.readValue(value, ActivityOccurred.class));
            }
            return null;
        } catch (Exception e) {
            LOG.warnf("Skipping an unreadable record on %s: %s", topic, e.toString());
            return null;
        }
    }

    /** The {@code /ws} type of an incident transition: {@code alarm_raised}, {@code alarm_cleared}, … */
    static String alarmType(IncidentTransition transition) {
        return "alarm_" + transition.name().toLowerCase(Locale.ROOT);
    }

    // A batch holds readings of one event in arrival order: the last one is the event's latest value. Its two messages
    // are written straight from the record, without JSON trees or intermediate text: the feed thread turns 10,000
    // records a second into frames, and each allocated byte brings the gateway's next collection pause closer.
    private static LiveUpdate value(DatapointsReceived received) throws IOException {
        List<Datapoint> datapoints = received.datapoints();
        Datapoint latest = datapoints.get(datapoints.size() - 1);
        String timestamp = IsoInstants.format(latest.timestamp());
        String streamItem = new String(json(out -> {
            out.writeStartObject();
            out.writeNumberField("value", latest.value());
            out.writeStringField("event_public_id", received.eventId());
            out.writeStringField("timestamp", timestamp);
            out.writeStringField("experiment_public_id", latest.experimentId());
            out.writeEndObject();
        }), StandardCharsets.UTF_8);
        byte[] typed = json(out -> {
            out.writeStartObject();
            out.writeStringField("type", VALUE_CHANGED);
            out.writeObjectFieldStart("payload");
            out.writeStringField("event_id", received.eventId());
            out.writeStringField("datapoint_id", latest.id());
            out.writeNumberField("value", latest.value());
            out.writeStringField("quality", QUALITY_NAMES.get(latest.quality()));
            out.writeStringField("timestamp", timestamp);
            out.writeStringField("experiment_id", latest.experimentId());
            out.writeStringField("received_at", IsoInstants.format(received.receivedAt()));
            out.writeEndObject();
            out.writeEndObject();
        });
        return new LiveUpdate.Value(received.tenantId(), received.eventId(), streamItem, SharedFrame.utf8(typed));
    }

    private static Map<Quality, String> qualityNames() {
        Map<Quality, String> names = new EnumMap<>(Quality.class);
        for (Quality quality : Quality.values()) {
            names.put(quality, JSON.convertValue(quality, String.class));
        }
        return names;
    }

    private interface JsonWriting {

        void writeTo(JsonGenerator out) throws IOException;
    }

    private static byte[] json(JsonWriting writing) throws IOException {
        ByteArrayBuilder bytes = new ByteArrayBuilder(512);
        try (JsonGenerator out = JSON.getFactory().createGenerator(bytes)) {
            writing.writeTo(out);
        }
        return bytes.toByteArray();
    }

    private static LiveUpdate alarm(IncidentTransitioned transition) throws Exception {
        ObjectNode payload = JSON.valueToTree(transition);
        payload.remove("tenant_id");
        String type = alarmType(transition.transition());
        return new LiveUpdate.Notice(transition.tenantId(), transition.eventId(), type, frame(type, payload));
    }

    private static LiveUpdate activity(ActivityOccurred activity) throws Exception {
        ObjectNode payload = JSON.valueToTree(activity);
        payload.remove("tenant_id");
        payload.remove("type");
        String eventId = activity.type().startsWith(EVENT_ACTIVITY_PREFIX) ? activity.subject() : null;
        return new LiveUpdate.Notice(activity.tenantId(), eventId, activity.type(),
                frame(activity.type(), payload));
    }

    private static SharedFrame frame(String type, ObjectNode payload) throws Exception {
        ObjectNode frame = JSON.createObjectNode();
        frame.put("type", type);
        frame.set("payload", payload);
        return SharedFrame.utf8(JSON.writeValueAsBytes(frame));
    }
}
