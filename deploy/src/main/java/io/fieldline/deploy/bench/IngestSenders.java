package io.fieldline.deploy.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ways the ingest benchmark sends datapoints through the gateway: 500-point batches over HTTP, single datapoints
 * over HTTP, and batches over the seed 000 telemetry socket. Bodies are built once up front, so the load generator
 * spends its CPU on sending, not on JSON.
 */
final class IngestSenders {

    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*(\\d+)");
    private static final int DISTINCT_BODIES = 16;

    private IngestSenders() {
    }

    /** {@code POST /api/v1/datapoints/batch} with {@code batchSize} datapoints spread over the events. */
    static IngestLoad.Sender httpBatches(URI gateway, String apiToken, List<String> events,
            int batchSize) {
        List<LoadClient.Request> requests = new ArrayList<>();
        for (String body : batchBodies(events, batchSize, false)) {
            requests.add(LoadClient.Request.postJson(gateway.resolve("/api/v1/datapoints/batch"), apiToken, body));
        }
        return worker -> send(requests.get((int) (Math.random() * requests.size())), -1);
    }

    /** {@code POST /api/v1/datapoints} with one datapoint. */
    static IngestLoad.Sender httpSingles(URI gateway, String apiToken, List<String> events) {
        List<LoadClient.Request> requests = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < DISTINCT_BODIES * 4; i++) {
            String body = String.format(Locale.ROOT, "{\"value\":%.3f,\"event_public_id\":\"%s\"}",
                    random.nextDouble() * 100, events.get(i % events.size()));
            requests.add(LoadClient.Request.postJson(gateway.resolve("/api/v1/datapoints"), apiToken, body));
        }
        return worker -> send(requests.get((int) (Math.random() * requests.size())), 1);
    }

    /**
     * One telemetry socket per worker, each with one message in flight; the gateway's ack says how many were
     * accepted. Opens the sockets before returning.
     */
    static IngestLoad.Sender sockets(HttpClient http, URI gateway, String apiToken, List<String> events,
            int batchSize, int connections) {
        List<String> bodies = batchBodies(events, batchSize, true);
        URI uri = URI.create(gateway.toString().replaceFirst("^http", "ws") + "/ws/controller/telemetry");
        List<TelemetryClient> clients = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            clients.add(TelemetryClient.open(http, uri, apiToken));
        }
        return worker -> clients.get(worker).send(bodies.get((int) (Math.random() * bodies.size())));
    }

    private static CompletableFuture<IngestLoad.Outcome> send(LoadClient.Request request, int perAccept) {
        return LoadClient.shared().send(request).thenApply(response -> {
            int status = response.status();
            if (status == 0) {
                return IngestLoad.Outcome.failed(response.body());
            }
            if (status != 201) {
                return new IngestLoad.Outcome(status, 0, request.uri() + " -> " + status + " " + response.body());
            }
            return new IngestLoad.Outcome(status, perAccept >= 0 ? perAccept : accepted(response.body()), null);
        });
    }

    private static int accepted(String body) {
        Matcher matcher = ACCEPTED.matcher(body);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    private static List<String> batchBodies(List<String> events, int batchSize, boolean socket) {
        Random random = new Random(42);
        List<String> bodies = new ArrayList<>();
        for (int b = 0; b < DISTINCT_BODIES; b++) {
            StringBuilder body = new StringBuilder(batchSize * 72).append("{\"datapoints\":[");
            for (int i = 0; i < batchSize; i++) {
                body.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                        "{\"value\":%.3f,\"event_public_id\":\"%s\"}", random.nextDouble() * 100,
                        events.get((b * batchSize + i) % events.size())));
            }
            bodies.add(body.append(socket ? "],\"id\":" + b + "}" : "]}").toString());
        }
        return bodies;
    }

    /** A telemetry socket with at most one message awaiting its reply. */
    private static final class TelemetryClient implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();
        private volatile CompletableFuture<IngestLoad.Outcome> pending;
        private WebSocket socket;

        static TelemetryClient open(HttpClient http, URI uri, String apiToken) {
            TelemetryClient client = new TelemetryClient();
            try {
                client.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + apiToken)
                        .buildAsync(uri, client).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Could not open " + uri + ": " + e, e);
            }
            return client;
        }

        CompletableFuture<IngestLoad.Outcome> send(String message) {
            CompletableFuture<IngestLoad.Outcome> reply = new CompletableFuture<>();
            pending = reply;
            socket.sendText(message, true).whenComplete((ws, error) -> {
                if (error != null) {
                    reply.complete(IngestLoad.Outcome.failed("socket send failed: " + error));
                }
            });
            return reply.orTimeout(LoadRun.requestTimeout().toSeconds(), TimeUnit.SECONDS)
                    .exceptionally(error -> IngestLoad.Outcome.failed("no reply: " + error));
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String reply = partial.toString();
                partial.setLength(0);
                CompletableFuture<IngestLoad.Outcome> waiting = pending;
                if (waiting != null) {
                    waiting.complete(outcome(reply));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            CompletableFuture<IngestLoad.Outcome> waiting = pending;
            if (waiting != null) {
                waiting.complete(IngestLoad.Outcome.failed("socket closed " + statusCode + " " + reason));
            }
            return null;
        }

        private static IngestLoad.Outcome outcome(String reply) {
            if (reply.contains("\"type\":\"ack\"")) {
                return new IngestLoad.Outcome(201, accepted(reply), null);
            }
            Matcher status = STATUS.matcher(reply);
            return new IngestLoad.Outcome(status.find() ? Integer.parseInt(status.group(1)) : 422, 0, reply);
        }
    }
}
