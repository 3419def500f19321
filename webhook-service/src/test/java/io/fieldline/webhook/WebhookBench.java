package io.fieldline.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fieldline.model.IncidentStatus;
import io.fieldline.model.IncidentTransition;
import io.fieldline.model.IncidentTransitioned;
import io.fieldline.model.RuleSnapshot;
import io.fieldline.model.Severity;
import io.fieldline.model.TenantId;
import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.MintedIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (surefire does not pick up {@code *Bench}); run it with
 * {@code ./mvnw -B -ntp verify -pl webhook-service -Dtest=WebhookBench -Dsurefire.failIfNoSpecifiedTests=false}. It
 * starts the service with embedded Kafka and PostgreSQL in one JVM (all on this box's cores) and 1,000 subscriptions
 * (100 tenants with 10 each) of a local receiver that answers 200 at once, publishes incidents on
 * {@code fieldline.incidents.v1} and prints deliveries/s and the latency from the incident's publication to the
 * receiver (p50, p99): for a burst (every tenant gets {@code bench.incidents} incidents at once: throughput), at
 * steady rates ({@code bench.rates} incidents/s, default 100 and 200, i.e. 1,000 and 2,000 deliveries/s: latency),
 * and at those rates again while 50 subscriptions of another tenant point at a second receiver that never answers
 * and get an incident every second.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class WebhookBench {

    private static final int TENANTS = 100;
    private static final int SUBSCRIPTIONS_PER_TENANT = 10;
    private static final int INCIDENTS = Integer.getInteger("bench.incidents", 20);
    // Incidents per second of the steady scenarios (x 10 subscriptions = deliveries per second).
    private static final List<Integer> RATES = Arrays.stream(System.getProperty("bench.rates", "100,200").split(","))
            .map(String::trim).map(Integer::valueOf).toList();
    private static final int SECONDS = Integer.getInteger("bench.seconds", 15);
    private static final int DEAD_SUBSCRIPTIONS = 50;
    private static final Pattern TIME = Pattern.compile("\"time\":\"([^\"]+)\"");

    private final ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
    private final AtomicInteger received = new AtomicInteger();
    private final List<TenantId> tenants = new ArrayList<>();

    @Test
    void run() throws Exception {
        Vertx vertx = Vertx.vertx();
        HttpServer healthy = listen(vertx, request -> request.body().onSuccess(body -> {
            Matcher time = TIME.matcher(body.toString());
            if (time.find()) {
                Instant sent = Instant.parse(time.group(1));
                latenciesMicros.add(Duration.between(sent, Instant.now()).toNanos() / 1000);
            }
            received.incrementAndGet();
            request.response().setStatusCode(200).end();
        }));
        HttpServer dead = listen(vertx, request -> {
            // never answers
        });
        for (int t = 0; t < TENANTS; t++) {
            MintedIdentity admin = Webhooks.newAdmin();
            for (int i = 0; i < SUBSCRIPTIONS_PER_TENANT; i++) {
                Webhooks.subscribe(admin, "http://127.0.0.1:" + healthy.actualPort() + "/h/" + t + "/" + i,
                        Webhooks.secret(), "alarm.raised");
            }
            tenants.add(admin.tenant());
        }
        System.out.printf("%d subscriptions in %d tenants%n", TENANTS * SUBSCRIPTIONS_PER_TENANT, TENANTS);
        // warm-up: the consumer joins, the JIT compiles
        burst(2, "warm-up (burst of 2 incidents per tenant)");
        List<String> lines = new ArrayList<>();
        lines.add(burst(INCIDENTS, "burst: " + INCIDENTS + " incidents per tenant at once"));
        for (int rate : RATES) {
            lines.add(steady(rate, "steady " + rate + " incidents/s"));
        }

        MintedIdentity other = Webhooks.newAdmin();
        for (int i = 0; i < DEAD_SUBSCRIPTIONS; i++) {
            Webhooks.subscribe(other, "http://127.0.0.1:" + dead.actualPort() + "/dead/" + i, Webhooks.secret(),
                    "alarm.raised");
        }
        AtomicBoolean feeding = new AtomicBoolean(true);
        Thread feeder = new Thread(() -> {
            while (feeding.get()) {
                Webhooks.publish(incident(other.tenant()));
                sleepMillis(1000);
            }
        });
        feeder.start();
        sleepMillis(5000); // the dead subscriptions are failing by now
        for (int rate : RATES) {
            lines.add(steady(rate, "steady " + rate + " incidents/s, while " + DEAD_SUBSCRIPTIONS
                    + " subscriptions of another tenant hang (1 incident/s)"));
        }
        feeding.set(false);
        feeder.join();
        System.out.println("\n=== webhook-service benchmark (" + TENANTS * SUBSCRIPTIONS_PER_TENANT
                + " subscriptions) ===\n" + String.join("\n", lines) + "\n");
        healthy.close();
        dead.close();
        vertx.close();
    }

    private static HttpServer listen(Vertx vertx, Handler<HttpServerRequest> handler) throws Exception {
        return vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Every tenant gets {@code incidents} incidents at once. */
    private String burst(int incidents, String label) {
        resetCounts();
        long start = System.nanoTime();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < incidents; i++) {
            tenants.forEach(tenant -> sent.add(Webhooks.publishAsync(incident(tenant))));
        }
        Webhooks.awaitSent(sent);
        return finish(label, incidents * TENANTS, start);
    }

    /** {@code rate} incidents per second, round robin over the tenants, for {@code SECONDS}. */
    private String steady(int rate, String label) {
        resetCounts();
        long start = System.nanoTime();
        int incidents = rate * SECONDS;
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < incidents; i++) {
            long due = start + i * 1_000_000_000L / rate;
            sleepMillis((due - System.nanoTime()) / 1_000_000);
            sent.add(Webhooks.publishAsync(incident(tenants.get(i % TENANTS))));
        }
        Webhooks.awaitSent(sent);
        return finish(label, incidents, start);
    }

    private void resetCounts() {
        sleepMillis(5000); // the previous scenario's backlog and clean-up (autovacuum) settle first
        latenciesMicros.clear();
        received.set(0);
    }

    private String finish(String label, int incidents, long start) {
        int expected = incidents * SUBSCRIPTIONS_PER_TENANT;
        Await.until(expected + " deliveries (" + label + ")", Duration.ofMinutes(5), () -> received.get() >= expected);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latenciesMicros);
        Collections.sort(sorted);
        String line = String.format("%-90s %6d deliveries in %6.2f s = %5.0f/s; latency p50 %5.0f ms, "
                + "p99 %5.0f ms, max %5.0f ms", label, expected, seconds, expected / seconds,
                percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.get(sorted.size() - 1) / 1000.0);
        System.out.println(line);
        return line;
    }

    private static void sleepMillis(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static double percentile(List<Long> sorted, double p) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1000.0;
    }

    private static IncidentTransitioned incident(TenantId tenant) {
        RuleSnapshot rule = new RuleSnapshot("bench", "threshold", "gt", 1.0, null, "log", null);
        return new IncidentTransitioned(tenant, UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), IncidentTransition.RAISED, IncidentStatus.ACTIVE, Severity.WARNING, 2.0,
                null, null, Instant.now(), rule);
    }
}
