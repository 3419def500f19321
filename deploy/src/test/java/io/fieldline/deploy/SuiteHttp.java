package io.fieldline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Plain HTTP and JSON helpers for the system test: GET and POST with an optional bearer, logins, JSON bodies,
 * standard headers.
 */
final class SuiteHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private SuiteHttp() {
    }

    /** GETs the URI, with {@code Authorization: <bearer>} unless it is null. */
    static HttpResponse<String> get(URI uri, String bearer) {
        return send(HttpRequest.newBuilder(uri).GET(), bearer);
    }

    /** POSTs {@code body} as JSON (null: no body), with {@code Authorization: <bearer>} unless it is null. */
    static HttpResponse<String> post(URI uri, String bearer, Map<String, ?> body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(writeJson(body));
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json").POST(publisher), bearer);
    }

    /** PUTs {@code body} as JSON, with {@code Authorization: <bearer>}. */
    static HttpResponse<String> put(URI uri, String bearer, Map<String, ?> body) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(writeJson(body))), bearer);
    }

    /** {@code POST /api/v1/auth/login} through the gateway at {@code gateway}, whatever the outcome. */
    static HttpResponse<String> login(URI gateway, String email, String password) {
        return post(gateway.resolve("/api/v1/auth/login"), null, Map.of("email", email, "password", password));
    }

    /** Logs in through the gateway at {@code gateway} and returns {@code Bearer <access_token>}; fails unless 200. */
    static String loginBearer(URI gateway, String email, String password) {
        HttpResponse<String> response = login(gateway, email, password);
        assertEquals(200, response.statusCode(), () -> describe(response));
        String token = json(response).path("access_token").asText("");
        assertTrue(!token.isBlank(), () -> "No access_token in " + describe(response));
        return "Bearer " + token;
    }

    private static HttpResponse<String> send(HttpRequest.Builder builder, String bearer) {
        HttpRequest request = (bearer == null ? builder : builder.header("Authorization", bearer))
                .timeout(Duration.ofSeconds(10))
                .build();
        String what = request.method() + " " + request.uri();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(what + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + what, e);
        }
    }

    private static String writeJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body as JSON; fails the test when it is not JSON. */
    static JsonNode json(HttpResponse<String> response) {
        JsonNode node = parseOrNull(response.body());
        if (node == null || node.isMissingNode()) {
            throw new AssertionError("Not a JSON body: " + describe(response));
        }
        return node;
    }

    /** The body as JSON, or null when it is not JSON. */
    static JsonNode parseOrNull(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    static void assertRequestId(HttpResponse<String> response) {
        assertTrue(response.headers().firstValue("X-Request-ID").filter(id -> !id.isBlank()).isPresent(),
                () -> "No X-Request-ID on " + describe(response));
    }

    /** Asserts an error answer in the common shape: the status, and the given {@code detail}. */
    static void assertError(HttpResponse<String> response, int status, String detail) {
        assertEquals(status, response.statusCode(), () -> describe(response));
        assertEquals(detail, json(response).path("detail").asText(), () -> describe(response));
        assertEquals(status, json(response).path("status").asInt(), () -> describe(response));
    }

    static String describe(HttpResponse<String> response) {
        return response.request().method() + " " + response.uri() + " -> " + response.statusCode() + " "
                + response.body();
    }
}
