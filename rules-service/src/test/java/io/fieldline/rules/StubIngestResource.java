package io.fieldline.rules;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.fieldline.model.IdentityClaims;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * Stands in for ingest-service's {@code GET /api/v1/events/{id}} (a dependency of the rules API, not the thing under
 * test): answers 200 for events registered for the token's tenant, 404 otherwise, 500 for {@link #BROKEN} and never
 * for {@link #SILENT}. It reads the tenant from the forwarded token, so it also proves the token is forwarded.
 */
public final class StubIngestResource implements QuarkusTestResourceLifecycleManager {

    /** An event id the stub answers with 500. */
    public static final String BROKEN = "00000000-0000-0000-0000-000000000500";
    /** An event id the stub never answers. */
    public static final String SILENT = "00000000-0000-0000-0000-000000000504";

    private static final Set<String> EVENTS = ConcurrentHashMap.newKeySet();
    private static Vertx vertx;
    private static HttpServer server;

    /** Registers an event of the tenant. */
    public static void addEvent(String tenant, String eventId) {
        EVENTS.add(tenant + "/" + eventId);
    }

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            vertx = Vertx.vertx();
            try {
                server = vertx.createHttpServer().requestHandler(request -> {
                    String path = request.path();
                    String id = path.substring(path.lastIndexOf('/') + 1);
                    if (SILENT.equals(id)) {
                        return;
                    }
                    if (BROKEN.equals(id)) {
                        request.response().setStatusCode(500).end();
                        return;
                    }
                    String tenant = tenantOf(request.getHeader("Authorization"));
                    boolean known = path.startsWith("/api/v1/events/") && EVENTS.contains(tenant + "/" + id);
                    request.response().setStatusCode(known ? 200 : 404).putHeader("Content-Type", "application/json")
                            .end(known ? "{\"public_id\":\"" + id + "\"}" : "{\"detail\":\"Not Found\"}");
                }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the ingest stub", e);
            }
        }
        return Map.of("fieldline.rules.ingest-url", "http://127.0.0.1:" + server.actualPort(),
                "fieldline.rules.ingest-timeout", "1S");
    }

    @Override
    public void stop() {
        // Kept for the JVM: Quarkus restarts resources between profiles.
    }

    private static String tenantOf(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "";
        }
        String[] parts = authorization.substring(7).split("\\.");
        if (parts.length < 2) {
            return "";
        }
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        return new JsonObject(payload).getString(IdentityClaims.TENANT, "");
    }
}
