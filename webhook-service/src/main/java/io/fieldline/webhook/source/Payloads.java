package io.fieldline.webhook.source;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.IncidentTransitioned;
import io.fieldline.model.ModelJson;
import io.fieldline.model.RuleSnapshot;
import io.fieldline.webhook.EventTypes;

/**
 * The JSON bodies receivers get: seed 000's {@code {"type","time",…}} shapes, with Fieldline's additions after the
 * seed's keys. The string built here is exactly what is signed and sent.
 */
public final class Payloads {

    private static final ObjectMapper JSON = ModelJson.newMapper();

    private Payloads() {
    }

    /** Seed 000's rule action: {@code {type,time,sensor,value,rule,operator,threshold}} plus incident details. */
    static String thresholdExceeded(String type, IncidentTransitioned incident) {
        RuleSnapshot rule = incident.rule();
        Map<String, Object> body = start(type, incident.occurredAt());
        body.put("sensor", incident.eventId());
        body.put("value", incident.value());
        body.put("rule", rule.name());
        body.put("operator", rule.operator());
        body.put("threshold", rule.threshold());
        if (rule.thresholdHigh() != null) {
            body.put("threshold_high", rule.thresholdHigh());
        }
        body.put("rule_id", incident.ruleId());
        body.put("incident", incident.incidentId());
        body.put("severity", incident.severity());
        return json(body);
    }

    /** Fieldline's alarm lifecycle: {@code alarm.<transition>} with the incident's state after it. */
    static String alarm(IncidentTransitioned incident) {
        Map<String, Object> body = start(EventTypes.alarm(incident.transition()), incident.occurredAt());
        body.put("sensor", incident.eventId());
        body.put("value", incident.value());
        body.put("rule", incident.rule() == null ? null : incident.rule().name());
        body.put("rule_id", incident.ruleId());
        body.put("incident", incident.incidentId());
        body.put("transition", incident.transition());
        body.put("status", incident.status());
        body.put("severity", incident.severity());
        body.put("actor", incident.actor());
        body.put("note", incident.note());
        return json(body);
    }

    /** Seed 000's experiment events: {@code {type,time,experiment:<name>}} plus the experiment's public id. */
    static String experiment(ActivityOccurred activity) {
        Map<String, Object> body = start(activity.type(), activity.occurredAt());
        body.put("experiment", activity.data().getOrDefault("name", activity.subject()));
        body.put("experiment_id", activity.subject());
        return json(body);
    }

    /** {@code system.health_changed}: the type, the time and whatever the gateway put in the record's data. */
    static String healthChanged(ActivityOccurred activity) {
        Map<String, Object> body = start(activity.type(), activity.occurredAt());
        activity.data().forEach(body::putIfAbsent);
        return json(body);
    }

    /** Seed 000's {@code sensor.reading}: {@code {type,time,sensor,value}}. */
    static String reading(String eventId, double value, Instant time) {
        Map<String, Object> body = start(EventTypes.SENSOR_READING, time);
        body.put("sensor", eventId);
        body.put("value", value);
        return json(body);
    }

    /** The test event of {@code POST /webhooks/{id}/test}. */
    public static String test(String webhookId, Instant time) {
        Map<String, Object> body = start(EventTypes.TEST, time);
        body.put("webhook", webhookId);
        body.put("message", "This is a test delivery from Fieldline.");
        return json(body);
    }

    private static Map<String, Object> start(String type, Instant time) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("time", time.toString());
        return body;
    }

    private static String json(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a webhook payload", e);
        }
    }
}
