package io.fieldline.gateway;

import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * Stands in for the backend services so the gateway's forwarding can be observed: it echoes what arrived (headers,
 * body size), can stall or drop the connection or set its own Cache-Control on request, answers readiness, and plays
 * ingest-service's datapoint batch endpoint ({@link IngestBatchStub}).
 * rules-service points at a port nothing listens on.
 */
public class StubServicesResource implements QuarkusTestResourceLifecycleManager {

    private final IngestBatchStub ingestBatches = new IngestBatchStub();
    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            String path = request.path();
            if (path.equals(IngestBatchStub.PATH)) {
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
            String nothing = "http://127.0.0.1:" + freePort();
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

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
