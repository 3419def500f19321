package io.fieldline.ingest.intake.api;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.fieldline.ingest.intake.service.IncomingDatapoints;
import io.fieldline.ingest.intake.service.Rejection;
import io.fieldline.model.FieldError;
import io.fieldline.model.Quality;
import io.fieldline.support.http.ValidationFailure;

/**
 * Reads datapoint bodies with Jackson's streaming parser straight into {@link IncomingDatapoints}: no tree and no
 * object per datapoint, and a malformed item becomes a rejection of that item instead of failing the whole batch (data
 * binding would stop at the first wrong type). Malformed JSON still fails the request (400).
 */
final class DatapointReader {

    // NaN and ±Infinity literals are read as numbers so they are refused like any non-finite value (422/rejected),
    // not as malformed JSON; numbers too large for a double read as infinite and are refused the same way.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    // The shortest item that can be accepted, {"event_public_id":"<36-char id>","value":0}, has 57 bytes: a body of
    // n bytes holds at most n / 57 acceptable items, so arrays sized by it never grow.
    private static final int SHORTEST_ITEM_BYTES = 57;

    private DatapointReader() {
    }

    /**
     * Reads the body of {@code POST /api/v1/datapoints}: one datapoint object.
     *
     * @throws ValidationFailure (422) when the datapoint is invalid
     * @throws JsonParseException (400) when the body is not JSON
     */
    static IncomingDatapoints single(byte[] body) throws IOException {
        IncomingDatapoints incoming = new IncomingDatapoints(1);
        try (JsonParser parser = FACTORY.createParser(body == null ? new byte[0] : body)) {
            if (parser.nextToken() == null) {
                throw new ValidationFailure("Field required", List.of(new FieldError(List.of("body"),
                        "Field required", "missing")));
            }
            readItem(parser, 0, incoming);
            requireEnd(parser);
        }
        if (!incoming.rejections().isEmpty()) {
            Rejection problem = incoming.rejections().get(0);
            throw new ValidationFailure(problem.detail(), List.of(new FieldError(
                    problem.field() == null ? List.of("body") : List.of("body", problem.field()), problem.detail(),
                    problem.type())));
        }
        return incoming;
    }

    /**
     * Reads the body of {@code POST /api/v1/datapoints/batch}: {@code {"datapoints":[…]}}. Invalid items become
     * rejections; the request as a whole fails only when it is not of that shape or has too many items.
     *
     * @throws ValidationFailure (422) when {@code datapoints} is missing, not a list, or longer than {@code maxItems}
     * @throws JsonParseException (400) when the body is not JSON
     */
    static IncomingDatapoints batch(byte[] body, int maxItems) throws IOException {
        if (body == null) {
            body = new byte[0];
        }
        IncomingDatapoints incoming = null;
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw ValidationFailure.body("datapoints", "Field required", "missing");
            }
            if (token != JsonToken.START_OBJECT) {
                throw new ValidationFailure("Input should be a valid dictionary", List.of(new FieldError(
                        List.of("body"), "Input should be a valid dictionary", "model_attributes_type")));
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                token = parser.nextToken();
                if ("datapoints".equals(name)) {
                    int capacity = Math.min(maxItems, body.length / SHORTEST_ITEM_BYTES + 1);
                    incoming = readList(parser, token, maxItems, capacity);
                } else {
                    parser.skipChildren();
                }
            }
            requireEnd(parser);
        }
        if (incoming == null) {
            throw ValidationFailure.body("datapoints", "Field required", "missing");
        }
        return incoming;
    }

    private static IncomingDatapoints readList(JsonParser parser, JsonToken token, int maxItems, int capacity)
            throws IOException {
        if (token != JsonToken.START_ARRAY) {
            parser.skipChildren();
            throw ValidationFailure.body("datapoints", "Input should be a valid list", "list_type");
        }
        IncomingDatapoints incoming = new IncomingDatapoints(capacity);
        int index = 0;
        for (token = parser.nextToken(); token != JsonToken.END_ARRAY && token != null; token = parser.nextToken()) {
            if (index < maxItems) {
                readItem(parser, index, incoming);
            } else {
                // Counted, not read: the answer names the size, as seed 000's does.
                parser.skipChildren();
            }
            index++;
        }
        if (index > maxItems) {
            String message = "List should have at most " + maxItems + " items after validation, not " + index;
            throw ValidationFailure.body("datapoints", message, "too_long");
        }
        return incoming;
    }

    // Reads the value at the parser's current token as one datapoint; records the first problem as its rejection.
    private static void readItem(JsonParser parser, int index, IncomingDatapoints incoming) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            incoming.reject(new Rejection(index, null, "Input should be a valid dictionary", "model_type"));
            return;
        }
        String eventId = null;
        double value = 0;
        boolean hasValue = false;
        Instant timestamp = null;
        Quality quality = null;
        Rejection problem = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (name) {
                case "value" -> {
                    hasValue = true;
                    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                        value = parser.getDoubleValue();
                        if (!Double.isFinite(value)) {
                            problem = first(problem, index, name, "Input should be a finite number",
                                    "finite_number");
                        }
                    } else {
                        problem = first(problem, index, name, "Input should be a valid number", "float_type");
                    }
                }
                case "event_public_id" -> {
                    if (token == JsonToken.VALUE_STRING) {
                        eventId = parser.getText();
                    } else {
                        eventId = "";
                        problem = first(problem, index, name, "Input should be a valid string", "string_type");
                    }
                }
                case "timestamp" -> {
                    if (token == JsonToken.VALUE_STRING) {
                        timestamp = timestamp(parser.getText());
                        if (timestamp == null) {
                            problem = first(problem, index, name,
                                    "Input should be a valid ISO-8601 datetime", "datetime_parsing");
                        }
                    } else if (token != JsonToken.VALUE_NULL) {
                        problem = first(problem, index, name, "Input should be a valid datetime", "datetime_type");
                    }
                }
                case "quality" -> {
                    if (token == JsonToken.VALUE_STRING) {
                        quality = quality(parser.getText());
                        if (quality == null) {
                            problem = first(problem, index, name, "Input should be 'GOOD', 'UNCERTAIN' or 'BAD'",
                                    "enum");
                        }
                    } else if (token != JsonToken.VALUE_NULL) {
                        problem = first(problem, index, name, "Input should be 'GOOD', 'UNCERTAIN' or 'BAD'",
                                "enum");
                    }
                }
                default -> {
                    // Unknown fields are ignored, as everywhere in the API.
                }
            }
            parser.skipChildren();
        }
        if (!hasValue) {
            problem = first(problem, index, "value", "Field required", "missing");
        }
        if (eventId == null) {
            problem = first(problem, index, "event_public_id", "Field required", "missing");
        }
        if (problem != null) {
            incoming.reject(problem);
        } else {
            incoming.add(index, eventId, value, timestamp, quality);
        }
    }

    private static Rejection first(Rejection earlier, int index, String field, String detail, String type) {
        return earlier != null ? earlier : new Rejection(index, field, detail, type);
    }

    // ISO-8601 with Z or an offset; without one (Python's naive isoformat) the time is taken as UTC.
    static Instant timestamp(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notLocal) {
                    return null;
                }
            }
        }
    }

    private static Quality quality(String text) {
        return switch (text) {
            case "GOOD" -> Quality.GOOD;
            case "UNCERTAIN" -> Quality.UNCERTAIN;
            case "BAD" -> Quality.BAD;
            default -> null;
        };
    }

    private static void requireEnd(JsonParser parser) throws IOException {
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "Unexpected content after the JSON value");
        }
    }
}
