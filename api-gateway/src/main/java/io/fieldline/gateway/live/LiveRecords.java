package io.fieldline.gateway.live;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.Datapoint;
import io.fieldline.model.DatapointsReceived;
import io.fieldline.model.IncidentTransition;
import io.fieldline.model.IncidentTransitioned;
import io.fieldline.model.ModelJson;
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

    // A batch holds readings of one event in arrival order: the last one is the event's latest value.
    private static LiveUpdate value(DatapointsReceived received) throws Exception {
        List<Datapoint> datapoints = received.datapoints();
        Datapoint latest = datapoints.get(datapoints.size() - 1);
        ObjectNode item = JSON.createObjectNode();
        item.put("value", latest.value());
        item.put("event_public_id", received.eventId());
        item.put("timestamp", latest.timestamp().toString());
        item.put("experiment_public_id", latest.experimentId());
        ObjectNode payload = JSON.createObjectNode();
        payload.put("event_id", received.eventId());
        payload.put("datapoint_id", latest.id());
        payload.put("value", latest.value());
        payload.put("quality", JSON.valueToTree(latest.quality()).asText());
        payload.put("timestamp", latest.timestamp().toString());
        payload.put("experiment_id", latest.experimentId());
        payload.put("received_at", received.receivedAt().toString());
        return new LiveUpdate.Value(received.tenantId(), received.eventId(), JSON.writeValueAsString(item),
                frame(VALUE_CHANGED, payload));
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
        return SharedFrame.text(JSON.writeValueAsString(frame));
    }
}
