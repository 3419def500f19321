package io.fieldline.deploy;

import static io.fieldline.deploy.SuiteHttp.describe;
import static io.fieldline.deploy.SuiteHttp.json;
import static io.fieldline.deploy.SuiteHttp.loginBearer;
import static io.fieldline.deploy.SuiteHttp.post;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fieldline.testsupport.WebhookSignatures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's crash drill on the packaged stack: webhook-service is killed with SIGKILL while deliveries wait for
 * their retries and some attempts are in flight; after the restart every delivery reaches {@code delivered} or
 * {@code dead_letter}, and a real local receiver (checking both signature schemes with its own HMAC code) sees each
 * message only under its own {@code webhook-id}.
 */
class WebhookKillIT {

    private static final String ADMIN_EMAIL = "admin@webhook-drill.test";
    private static final String ADMIN_PASSWORD = "webhook-drill-admin-password";
    private static final int FLAKY_MESSAGES = 20;
    private static final int DEAD_MESSAGES = 5;
    private static final Duration SETTLE = Duration.ofSeconds(120);

    private static Path dataDir;
    private static RunningStack stack;
    private static HttpServer receiver;
    private static boolean failed = true;

    /** Every request the receiver got: path, webhook-id, whether both signatures verified. */
    private record Request(String path, String webhookId, boolean signaturesValid) {
    }

    private static final List<Request> requests = new CopyOnWriteArrayList<>();
    private static final Map<String, Integer> attemptsById = new ConcurrentHashMap<>();
    private static final String SECRET = newSecret();

    @BeforeAll
    static void startStack() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(32));
        receiver.createContext("/", WebhookKillIT::receive);
        receiver.start();
        dataDir = Files.createTempDirectory("fieldline-webhook-drill-");
        System.out.println("WebhookKillIT: starting the stack in " + dataDir);
        StackOptions.Builder options = TestStacks.onFreePorts(dataDir, 1, ADMIN_EMAIL, ADMIN_PASSWORD)
                .serviceEnvironment("FIELDLINE_WEBHOOK_ALLOWED_PRIVATE_TARGETS", "127.0.0.1/32")
                // five attempts two seconds apart; a lease held by the killed process expires after 8 s
                .serviceEnvironment("FIELDLINE_WEBHOOK_RETRY_SCHEDULE", "0S,2S,2S,2S,2S")
                .serviceEnvironment("FIELDLINE_WEBHOOK_RETRY_JITTER", "0")
                .serviceEnvironment("FIELDLINE_WEBHOOK_LEASE_DURATION", "8S");
        stack = DevStack.start(options.build());
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (receiver != null) {
            receiver.stop(0);
        }
        TestStacks.stop("WebhookKillIT", stack, dataDir, failed);
    }

    @Test
    void aKilledWebhookServiceFinishesEveryDeliveryUnderItsOwnWebhookId() throws Exception {
        // GIVEN a receiver that fails each message's first attempt and answers its second one slowly, and one that
        // always fails
        URI gateway = stack.gatewayUrl();
        String session = loginBearer(gateway, ADMIN_EMAIL, ADMIN_PASSWORD);
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        String flaky = subscribe(gateway, session, base + "/flaky");
        String dead = subscribe(gateway, session, base + "/dead");
        List<String> flakyDeliveries = queueTests(gateway, session, flaky, FLAKY_MESSAGES);
        List<String> deadDeliveries = queueTests(gateway, session, dead, DEAD_MESSAGES);

        // WHEN webhook-service is killed -9 while second attempts are in flight and retries wait, then restarted
        awaitRequests("/flaky", FLAKY_MESSAGES + 1);
        stack.killService(Service.WEBHOOK);
        int beforeKill = requests.size();
        stack.restartService(Service.WEBHOOK);
        System.out.printf("WebhookKillIT: killed after %d requests; restarted%n", beforeKill);

        // THEN every delivery ends delivered (flaky) or dead-lettered (dead)
        Map<String, JsonNode> finished = awaitFinished(gateway, session, flakyDeliveries, deadDeliveries);
        for (String id : flakyDeliveries) {
            assertEquals("delivered", finished.get(id).path("status").asText(), () -> finished.get(id).toString());
        }
        for (String id : deadDeliveries) {
            assertEquals("dead_letter", finished.get(id).path("status").asText(), () -> finished.get(id).toString());
            assertEquals(5, finished.get(id).path("attempts").asInt(), () -> finished.get(id).toString());
        }
        // AND the receiver saw each message only under its delivery's webhook-id, always correctly signed
        Set<String> flakyIds = flakyDeliveries.stream().map(id -> finished.get(id).path("message_id").asText())
                .collect(Collectors.toSet());
        assertEquals(FLAKY_MESSAGES, flakyIds.size());
        Set<String> seenOnFlaky = requests.stream().filter(r -> r.path().equals("/flaky")).map(Request::webhookId)
                .collect(Collectors.toSet());
        assertEquals(flakyIds, seenOnFlaky, "webhook-ids the flaky receiver saw");
        assertTrue(requests.stream().allMatch(Request::signaturesValid), "a request with a bad signature");
        System.out.printf("WebhookKillIT: %d requests in all, %d before the kill%n", requests.size(), beforeKill);
        failed = false;
    }

    private static void receive(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        requests.add(new Request(path, id, signaturesValid(exchange, new String(body, UTF_8))));
        int attempt = attemptsById.merge(path + id, 1, Integer::sum);
        int status = path.equals("/dead") || attempt == 1 ? 500 : 200;
        if (path.equals("/flaky") && attempt == 2) {
            sleep(Duration.ofSeconds(3)); // the kill comes while these are in flight
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static boolean signaturesValid(HttpExchange exchange, String body) {
        var headers = exchange.getRequestHeaders();
        return WebhookSignatures.seedValid(SECRET, headers.getFirst("X-Webhook-Timestamp"), body,
                headers.getFirst("X-Webhook-Signature"))
                && WebhookSignatures.standardValid(SECRET, headers.getFirst("webhook-id"),
                        headers.getFirst("webhook-timestamp"), body, headers.getFirst("webhook-signature"));
    }

    private static String subscribe(URI gateway, String session, String url) {
        HttpResponse<String> created = post(gateway.resolve("/api/v1/webhooks"), session,
                Map.of("url", url, "events", List.of("alarm.raised"), "secret", SECRET));
        assertEquals(201, created.statusCode(), () -> describe(created));
        return json(created).path("public_id").asText();
    }

    private static List<String> queueTests(URI gateway, String session, String webhook, int count) {
        List<String> deliveries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> queued = post(gateway.resolve("/api/v1/webhooks/" + webhook + "/test"), session,
                    null);
            assertEquals(202, queued.statusCode(), () -> describe(queued));
            deliveries.add(json(queued).path("public_id").asText());
        }
        return deliveries;
    }

    private static void awaitRequests(String path, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (requests.stream().filter(r -> r.path().equals(path)).count() < count) {
            assertTrue(System.nanoTime() < deadline, "the receiver got fewer than " + count + " requests on " + path);
            sleep(Duration.ofMillis(50));
        }
    }

    /** Polls the deliveries' details until none is pending or failed; returns them by public id. */
    private static Map<String, JsonNode> awaitFinished(URI gateway, String session, List<String> flaky,
            List<String> dead) {
        List<String> all = new ArrayList<>(flaky);
        all.addAll(dead);
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            Map<String, JsonNode> details = new ConcurrentHashMap<>();
            for (String id : all) {
                HttpResponse<String> got = SuiteHttp.get(gateway.resolve("/api/v1/webhooks/deliveries/" + id), session);
                if (got.statusCode() == 200) {
                    details.put(id, json(got));
                }
            }
            boolean done = details.size() == all.size() && details.values().stream()
                    .map(d -> d.path("status").asText())
                    .allMatch(s -> s.equals("delivered") || s.equals("dead_letter"));
            if (done || System.nanoTime() > deadline) {
                assertTrue(done, "deliveries still waiting after " + SETTLE + ": " + details.values().stream()
                        .filter(d -> !d.path("status").asText().matches("delivered|dead_letter"))
                        .map(d -> d.path("public_id").asText() + "=" + d.path("status").asText()).toList());
                return details;
            }
            sleep(Duration.ofSeconds(1));
        }
    }

    private static String newSecret() {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
