package io.fieldline.gateway;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * ingest-service's {@code POST /api/v1/datapoints/batch} as the stub services play it: items with a numeric
 * {@code value} and an {@code event_public_id} are accepted, others rejected by index; an event id {@code "stall"}
 * never answers and {@code "unavailable"} answers 503. Every batch is kept, and {@code GET /stub/batches?event=…}
 * lists those naming that event (with the Authorization header they carried), so tests can see what was forwarded.
 */
final class IngestBatchStub {

    static final String PATH = "/api/v1/datapoints/batch";
    static final String INSPECT_PATH = "/stub/batches";

    private final List<JsonObject> received = new CopyOnWriteArrayList<>();

    void batch(HttpServerRequest request, Buffer body) {
        JsonArray datapoints = body.toJsonObject().getJsonArray("datapoints");
        received.add(new JsonObject().put("authorization", request.getHeader("Authorization"))
                .put("request_id", request.getHeader("X-Request-ID")).put("datapoints", datapoints));
        JsonArray rejected = new JsonArray();
        boolean stall = false;
        boolean unavailable = false;
        for (int i = 0; i < datapoints.size(); i++) {
            Object item = datapoints.getValue(i);
            JsonObject datapoint = item instanceof JsonObject json ? json : new JsonObject();
            String event = datapoint.getValue("event_public_id") instanceof String id ? id : null;
            stall |= "stall".equals(event);
            unavailable |= "unavailable".equals(event);
            if (event == null || !(datapoint.getValue("value") instanceof Number)) {
                rejected.add(new JsonObject().put("index", i).put("detail", "Invalid datapoint."));
            }
        }
        if (stall) {
            return;
        }
        if (unavailable) {
            request.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                    .end("{\"detail\":\"Kafka is unavailable.\",\"code\":\"service_unavailable\",\"status\":503}");
            return;
        }
        int accepted = datapoints.size() - rejected.size();
        request.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("status", "success")
                        .put("message", accepted + " datapoints successfully created.")
                        .put("accepted", accepted).put("rejected", rejected).encode());
    }

    void inspect(HttpServerRequest request) {
        String event = request.getParam("event");
        JsonArray matching = new JsonArray();
        for (JsonObject batch : received) {
            if (batch.getJsonArray("datapoints").stream().anyMatch(item -> item instanceof JsonObject json
                    && event.equals(json.getValue("event_public_id")))) {
                matching.add(batch);
            }
        }
        request.response().putHeader("Content-Type", "application/json").end(matching.encode());
    }
}
