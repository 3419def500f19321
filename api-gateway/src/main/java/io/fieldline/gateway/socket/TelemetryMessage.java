package io.fieldline.gateway.socket;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a client's telemetry message asks for: a batch to forward, nothing (an empty list, ignored silently as seed
 * 000 does), or an error reply. Parsing never throws: a bad frame becomes an error reply.
 */
sealed interface TelemetryMessage {

    /** Datapoints to forward, with the client's optional correlation id ({@code "id"}, echoed in the reply). */
    record Batch(JsonArray datapoints, Object id) implements TelemetryMessage {
    }

    /** Nothing to do, nothing to answer. */
    record Ignored() implements TelemetryMessage {
    }

    /** An error reply. */
    record Invalid(String message, Object id) implements TelemetryMessage {
    }

    /** Reads a text message against the limits. */
    static TelemetryMessage parse(String text, int maxMessageSize, int maxBatchSize) {
        if (text.length() > maxMessageSize) {
            return new Invalid("Message too large (" + text.length() + " characters), max " + maxMessageSize, null);
        }
        JsonObject message;
        try {
            message = new JsonObject(text);
        } catch (RuntimeException e) {
            return new Invalid("Invalid JSON message", null);
        }
        Object id = correlationId(message.getValue("id"));
        if (!(message.getValue("datapoints") instanceof JsonArray datapoints)) {
            return new Invalid("Invalid message: expected {\"datapoints\": [...]}", id);
        }
        if (datapoints.size() > maxBatchSize) {
            return new Invalid("Batch too large (" + datapoints.size() + "), max " + maxBatchSize, id);
        }
        if (datapoints.isEmpty()) {
            return new Ignored();
        }
        return new Batch(datapoints, id);
    }

    // Only short scalars are echoed back, so a reply never grows with what the client sent.
    private static Object correlationId(Object value) {
        if (value instanceof Number || (value instanceof String s && s.length() <= 64)) {
            return value;
        }
        return null;
    }
}
