package io.fieldline.deploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The benchmarks' credentials and fixtures, obtained through the public API: an admin login, its tenant, an API
 * token, events.
 */
final class BenchSetup {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI gateway;

    BenchSetup(HttpClient http, URI gateway) {
        this.http = http;
        this.gateway = gateway;
    }

    /** The body of {@code POST /api/v1/auth/login}. */
    static String loginBody(String email, String password) {
        try {
            return JSON.writeValueAsString(Map.of("email", email, "password", password));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Logs in and returns the access token. */
    String login(String email, String password) {
        JsonNode body = call(post("/api/v1/auth/login", null, loginBody(email, password)), 200);
        return text(body, "access_token");
    }

    /** The caller's tenant id ({@code tenant.public_id} of {@code GET /api/v1/auth/me}). */
    String tenantOf(String accessToken) {
        HttpRequest request = request("/api/v1/auth/me", accessToken).GET().build();
        return text(call(request, 200).path("tenant"), "public_id");
    }

    /** Creates an API token named {@code name} and returns its secret ({@code fl_…}). */
    String createApiToken(String accessToken, String name) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("name", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text(call(post("/api/v1/tokens", accessToken, body), 201), "token");
    }

    /** Creates a sensor event named {@code name} (seed 000 fields) and returns its public id. */
    String createEvent(String accessToken, String name) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("name", name, "min_value", 0, "max_value", 100, "unit", "u",
                    "type", "sensor"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text(call(post("/api/v1/events", accessToken, body), 201), "public_id");
    }

    private HttpRequest post(String path, String accessToken, String body) {
        return request(path, accessToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private HttpRequest.Builder request(String path, String accessToken) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(gateway.resolve(path)).timeout(LoadRun.requestTimeout());
        return accessToken == null ? builder : builder.header("Authorization", "Bearer " + accessToken);
    }

    private JsonNode call(HttpRequest request, int expected) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + request.uri(), e);
        }
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + " (expected " + expected + "): " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + " answered no JSON: " + response.body(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        String value = node.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalStateException("No '" + field + "' in " + node);
        }
        return value;
    }
}
