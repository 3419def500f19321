package io.fieldline.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain HTTP and JSON helpers for the system test: GET with an optional bearer, JSON bodies, standard headers. */
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
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during GET " + uri, e);
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

    static String describe(HttpResponse<String> response) {
        return "GET " + response.uri() + " -> " + response.statusCode() + " " + response.body();
    }
}
