package io.fieldline.gateway;

import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.RestAssured;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * Stands in for the backend services so the gateway's forwarding can be observed: it echoes what arrived (headers,
 * body size), can stall or drop the connection or set its own Cache-Control on request, answers readiness, and plays
 * ingest-service's datapoint batch endpoint ({@link IngestBatchStub}). rules-service points at a port nothing listens
 * on, until a test opens it ({@link #setRulesUp}). Events whose id starts with {@value #MISSING_EVENT} are unknown to
 * the ingest stub (404).
 */
public class StubServicesResource implements QuarkusTestResourceLifecycleManager {

    /** Prefix of event ids the ingest stub answers 404 for. */
    public static final String MISSING_EVENT = "missing-";
    private static final String RULES_CONTROL = "/stub/rules/";

    private final IngestBatchStub ingestBatches = new IngestBatchStub();
    private Vertx vertx;
    private int rulesPort;
    private HttpServer rules;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            String path = request.path();
            if (path.startsWith(RULES_CONTROL)) {
                controlRules(path.endsWith("/up")).onComplete(done -> request.response()
                        .setStatusCode(done.succeeded() ? 204 : 500).end());
            } else if (path.startsWith("/api/v1/events/" + MISSING_EVENT)) {
                request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                        .end("{\"detail\":\"Event not found.\"}");
            } else if (path.equals(IngestBatchStub.PATH)) {
                request.body().onSuccess(body -> ingestBatches.batch(request, body));
            } else if (path.equals(IngestBatchStub.INSPECT_PATH)) {
                ingestBatches.inspect(request);
            } else if (path.equals("/q/health/ready")) {
                request.response().setStatusCode(200).end("{\"status\":\"UP\"}");
            } else if (path.endsWith("/stall")) {
                // never answers: the gateway must time out
            } else if (path.endsWith("/drop")) {
                request.connection().close();
            } else if (path.endsWith("/cached")) {
                request.response().putHeader("Cache-Control", "max-age=60").end("{}");
            } else {
                request.body().onSuccess(body -> request.response()
                        .putHeader("Content-Type", "application/json")
                        .putHeader("X-Request-ID", "stub-must-not-leak")
                        .end(new JsonObject()
                                .put("method", request.method().name())
                                .put("uri", request.uri())
                                .put("authorization", request.getHeader("Authorization"))
                                .put("request_id", request.getHeader("X-Request-ID"))
                                .put("forwarded_for", request.getHeader("X-Forwarded-For"))
                                .put("cookie", request.getHeader("Cookie"))
                                .put("custom", request.getHeader("X-Custom"))
                                .put("body_bytes", body.length())
                                .encode()));
            }
        });
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            String stub = "http://127.0.0.1:" + server.actualPort();
            rulesPort = freePort();
            String nothing = "http://127.0.0.1:" + rulesPort;
            return Map.of(
                    "fieldline.gateway.ingest-url", stub,
                    "fieldline.gateway.webhook-url", stub,
                    "fieldline.gateway.ota-url", stub,
                    "fieldline.gateway.rules-url", nothing,
                    "fieldline.gateway.read-timeout", "1S",
                    "fieldline.gateway.health.refresh-interval", "200MS");
        } catch (Exception e) {
            throw new IllegalStateException("stub services did not start", e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }

    /**
     * Starts (true) or stops (false) a stand-in for rules-service that answers readiness, through the stub's control
     * path, so a test can make every service ready and then take one away. Tests call it over HTTP because they run
     * in another class loader than this resource.
     */
    public static void setRulesUp(String ingestStubUrl, boolean up) {
        RestAssured.given().post(ingestStubUrl + RULES_CONTROL + (up ? "up" : "down")).then()
                .statusCode(204);
    }

    private Future<Void> controlRules(boolean up) {
        if (up && rules == null) {
            rules = vertx.createHttpServer().requestHandler(request -> request.response().setStatusCode(200)
                    .end("{\"status\":\"UP\"}"));
            return rules.listen(rulesPort, "127.0.0.1").mapEmpty();
        }
        if (!up && rules != null) {
            HttpServer closing = rules;
            rules = null;
            return closing.close();
        }
        return Future.succeededFuture();
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
