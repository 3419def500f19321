package io.fieldline.deploy;

import static io.fieldline.deploy.SuiteHttp.describe;
import static io.fieldline.deploy.SuiteHttp.json;
import static io.fieldline.deploy.SuiteHttp.loginBearer;
import static io.fieldline.deploy.SuiteHttp.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's durability drill on the packaged stack: datapoints flow through the gateway while ingest-service is
 * killed with SIGKILL and started again; afterwards every datapoint the client got a 201 for is stored exactly
 * once. Each datapoint carries a unique value (its sequence number), so the check is per datapoint, not a count.
 */
class IngestDurabilityIT {

    private static final String ADMIN_EMAIL = "admin@durability.test";
    private static final String ADMIN_PASSWORD = "durability-admin-password";
    private static final int WORKERS = 4;
    private static final int BATCH = 100;
    private static final Duration LOAD_BEFORE_KILL = Duration.ofSeconds(5);
    private static final Duration LOAD_AFTER_RESTART = Duration.ofSeconds(5);
    private static final Duration CATCH_UP = Duration.ofSeconds(90);

    private static Path dataDir;
    private static RunningStack stack;
    private static boolean failed = true;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Values of datapoints in batches answered 201 (acknowledged: durable by contract). */
    private final Set<Double> acknowledged = ConcurrentHashMap.newKeySet();
    /** Values of every datapoint sent, answered or not. */
    private final Set<Double> sent = ConcurrentHashMap.newKeySet();
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicReference<String> firstRefusal = new AtomicReference<>();
    private volatile boolean running = true;

    @BeforeAll
    static void startStack() throws Exception {
        dataDir = Files.createTempDirectory("fieldline-durability-");
        System.out.println("IngestDurabilityIT: starting the stack in " + dataDir);
        StackOptions.Builder options = TestStacks.onFreePorts(dataDir, 1, ADMIN_EMAIL, ADMIN_PASSWORD);
        // The load comes from one address with one credential: lift the gateway's rate limits out of its way.
        for (String limit : List.of("PER_IP", "PER_CREDENTIAL", "GLOBAL")) {
            options.serviceEnvironment("FIELDLINE_PROTECTION_RATE_LIMIT_" + limit, "1000000000");
        }
        stack = DevStack.start(options.build());
    }

    @AfterAll
    static void stopStack() throws Exception {
        TestStacks.stop("IngestDurabilityIT", stack, dataDir, failed);
    }

    @Test
    void aKilledIngestServiceLosesNoAcknowledgedDatapointAndDuplicatesNone() throws Exception {
        // GIVEN an API token and an event of the admin's tenant
        URI gateway = stack.gatewayUrl();
        String session = loginBearer(gateway, ADMIN_EMAIL, ADMIN_PASSWORD);
        String tenant = json(SuiteHttp.get(gateway.resolve("/api/v1/auth/me"), session)).path("tenant")
                .path("public_id").asText();
        String token = created(post(gateway.resolve("/api/v1/tokens"), session, Map.of("name", "durability")))
                .path("token").asText();
        String event = created(post(gateway.resolve("/api/v1/events"), session, Map.of("name", "drill",
                "min_value", 0, "max_value", 1e12, "unit", "u", "type", "sensor"))).path("public_id").asText();

        // WHEN batches flow through the gateway, ingest-service is killed -9 mid-run and started again
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            Thread thread = new Thread(() -> load(gateway, "Bearer " + token, event, worker), "load-" + w);
            thread.start();
            workers.add(thread);
        }
        Thread.sleep(LOAD_BEFORE_KILL.toMillis());
        long beforeKill = acknowledged.size();
        stack.killService(Service.INGEST);
        long killedAt = System.nanoTime();
        stack.restartService(Service.INGEST);
        System.out.printf("IngestDurabilityIT: ingest-service back %.1f s after the kill%n",
                (System.nanoTime() - killedAt) / 1e9);
        long afterRestart = acknowledged.size();
        Thread.sleep(LOAD_AFTER_RESTART.toMillis());
        running = false;
        for (Thread worker : workers) {
            worker.join(Duration.ofSeconds(40).toMillis());
        }
        long acknowledgedAfterRestart = acknowledged.size() - afterRestart;
        assertTrue(beforeKill > 0 && acknowledgedAfterRestart > 0, "load was acknowledged before the kill ("
                + beforeKill + ") and after the restart (" + acknowledgedAfterRestart + "); first refusal: "
                + firstRefusal.get());

        // THEN every acknowledged datapoint is stored, and no datapoint is stored twice
        Set<Double> stored = awaitStored(tenant);
        Set<Double> missing = new HashSet<>(acknowledged);
        missing.removeAll(stored);
        System.out.printf("IngestDurabilityIT: %d acknowledged, %d sent, %d stored, %d refused batches (first: %s)%n",
                acknowledged.size(), sent.size(), stored.size(), refusals.get(), firstRefusal.get());
        assertTrue(missing.isEmpty(), missing.size() + " acknowledged datapoints were lost, e.g. "
                + missing.stream().limit(5).toList());
        assertTrue(sent.containsAll(stored), "stored values that were never sent");
        try (Connection db = connect()) {
            long[] counts = counts(db, tenant);
            assertEquals(counts[1], counts[0], "rows with the same value: a datapoint was stored twice");
            assertEquals(counts[2], counts[0], "rows with the same public id");
        }
        failed = false;
    }

    /** Sends batches of unique values until told to stop; a refused or unanswered batch is only "sent". */
    private void load(URI gateway, String bearer, String event, int worker) {
        long sequence = 0;
        while (running) {
            StringBuilder body = new StringBuilder("{\"datapoints\":[");
            List<Double> values = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                double value = worker * 1_000_000_000d + sequence++;
                values.add(value);
                body.append(i == 0 ? "" : ",").append("{\"value\":").append((long) value)
                        .append(",\"event_public_id\":\"").append(event).append("\"}");
            }
            sent.addAll(values);
            HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/api/v1/datapoints/batch"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", bearer)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build();
            String refusal;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 201 && json(response).path("accepted").asInt() == BATCH) {
                    acknowledged.addAll(values);
                    continue;
                }
                refusal = describe(response);
            } catch (Exception e) {
                // Unanswered: the batch may or may not be stored; only acknowledged ones must be.
                refusal = e.toString();
            }
            firstRefusal.compareAndSet(null, refusal);
            refusals.incrementAndGet();
            pause(); // ingest-service is down: do not spin
        }
    }

    private Set<Double> awaitStored(String tenant) throws Exception {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        try (Connection db = connect()) {
            while (true) {
                Set<Double> stored = values(db, tenant);
                if (stored.containsAll(acknowledged) || System.nanoTime() - deadline > 0) {
                    Thread.sleep(1000); // late redeliveries would show up as duplicates now
                    return values(db, tenant);
                }
                Thread.sleep(500);
            }
        }
    }

    private static Set<Double> values(Connection db, String tenant) throws SQLException {
        Set<Double> values = new HashSet<>();
        try (PreparedStatement query = db.prepareStatement("SELECT value FROM ingest.datapoint WHERE tenant_id = ?")) {
            query.setString(1, tenant);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getDouble(1));
                }
            }
        }
        return values;
    }

    /** count(*), count(DISTINCT value), count(DISTINCT public_id) of the tenant's rows. */
    private static long[] counts(Connection db, String tenant) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT count(*), count(DISTINCT value),"
                + " count(DISTINCT public_id) FROM ingest.datapoint WHERE tenant_id = ?")) {
            query.setString(1, tenant);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new long[]{ rows.getLong(1), rows.getLong(2), rows.getLong(3) };
            }
        }
    }

    private static Connection connect() throws SQLException {
        PostgresCoordinates pg = stack.postgres();
        return DriverManager.getConnection("jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + pg.database(),
                pg.user(), pg.password());
    }

    private static JsonNode created(HttpResponse<String> response) {
        assertEquals(201, response.statusCode(), () -> describe(response));
        return json(response);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
