package io.fieldline.webhook;

import static io.fieldline.webhook.Webhooks.as;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
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
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (surefire does not pick up {@code *Bench}); run it with
 * {@code ./mvnw -B -ntp verify -pl webhook-service -Dtest=WebhookBench -Dsurefire.failIfNoSpecifiedTests=false}. It
 * starts the service with embedded Kafka and PostgreSQL in one JVM (all on this box's cores), subscribes 1,000
 * subscriptions of one tenant to a local receiver that answers 200 at once, publishes incidents on
 * {@code fieldline.incidents.v1}, and prints deliveries/s and the latency from the incident's publication to the
 * receiver (p50, p99); then again with 50 subscriptions of another tenant pointing at a receiver that never answers.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class WebhookBench {

    private static final int SUBSCRIPTIONS = Integer.getInteger("bench.subscriptions", 1000);
    private static final int INCIDENTS = Integer.getInteger("bench.incidents", 20);
    private static final int DEAD_SUBSCRIPTIONS = 50;
    private static final Pattern TIME = Pattern.compile("\"time\":\"([^\"]+)\"");

    private final ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
    private final AtomicInteger received = new AtomicInteger();

    @Test
    void run() throws Exception {
        Vertx vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            if (request.path().startsWith("/dead")) {
                return; // never answers
            }
            request.body().onSuccess(body -> {
                Matcher time = TIME.matcher(body.toString());
                if (time.find()) {
                    Instant sent = Instant.parse(time.group(1));
                    latenciesMicros.add(Duration.between(sent, Instant.now()).toNanos() / 1000);
                }
                received.incrementAndGet();
                request.response().setStatusCode(200).end();
            });
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        String base = "http://127.0.0.1:" + server.actualPort();

        MintedIdentity admin = Webhooks.newAdmin();
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            Webhooks.subscribe(admin, base + "/h/" + i, Webhooks.secret(), "alarm.raised");
        }
        // warm-up: the consumer joins, the JIT compiles
        measure(admin.tenant(), 2, "warm-up");
        String healthy = measure(admin.tenant(), INCIDENTS, "healthy receivers");

        MintedIdentity other = Webhooks.newAdmin();
        for (int i = 0; i < DEAD_SUBSCRIPTIONS; i++) {
            Webhooks.subscribe(other, base + "/dead/" + i, Webhooks.secret(), "alarm.raised");
        }
        for (int i = 0; i < 5; i++) {
            Webhooks.publish(incident(other.tenant()));
        }
        String withDead = measure(admin.tenant(), INCIDENTS, "healthy receivers, while " + DEAD_SUBSCRIPTIONS
                + " subscriptions of another tenant hang");
        System.out.println("\n=== webhook-service benchmark (" + SUBSCRIPTIONS + " subscriptions, " + INCIDENTS
                + " incidents each run) ===\n" + healthy + "\n" + withDead + "\n");
        as(admin).get("/api/v1/webhooks/config").then().statusCode(200);
        server.close();
        vertx.close();
    }

    private String measure(TenantId tenant, int incidents, String label) {
        latenciesMicros.clear();
        received.set(0);
        int expected = incidents * SUBSCRIPTIONS;
        long start = System.nanoTime();
        for (int i = 0; i < incidents; i++) {
            Webhooks.publish(incident(tenant));
        }
        Await.until(expected + " deliveries (" + label + ")", Duration.ofMinutes(10), () -> received.get() >= expected);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latenciesMicros);
        Collections.sort(sorted);
        String line = String.format("%-75s %7d deliveries in %6.2f s = %7.0f deliveries/s; latency p50 %6.0f ms, "
                + "p99 %6.0f ms, max %6.0f ms", label, expected, seconds, expected / seconds,
                percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.get(sorted.size() - 1) / 1000.0);
        System.out.println(line);
        return line;
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
