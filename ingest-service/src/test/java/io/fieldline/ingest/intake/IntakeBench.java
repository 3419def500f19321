package io.fieldline.ingest.intake;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaBroker;
import io.fieldline.testsupport.EmbeddedPostgresServer;
import io.fieldline.testsupport.IdentityKeys;
import io.fieldline.testsupport.MintedIdentity;
import io.fieldline.testsupport.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Quick load straight at ingest-service (not a test; not run by {@code verify}): starts a Kafka broker and PostgreSQL
 * in this JVM and the packaged service in its own JVM, then drives 500-point batches and single datapoints over
 * keep-alive connections ({@code bench.connections} for batches, {@code bench.single-connections} for single
 * datapoints) for {@code bench.seconds} each and prints what was accepted (201) per second
 * and latency percentiles. Build the jar first ({@code ./mvnw -pl ingest-service install -DskipTests}); see the
 * README for the command.
 */
public final class IntakeBench {

    private static final int EVENTS = 10;
    private static final int BATCH = 500;

    private IntakeBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 20);
        int connections = Integer.getInteger("bench.connections", 16);
        int singleConnections = Integer.getInteger("bench.single-connections", 64);
        Path work = Files.createTempDirectory("intake-bench");
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(freePort(), freePort(), work.resolve("kafka"));
                EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("pg"), freePort())) {
            IdentityKeys keys = IdentityKeys.loadOrCreate(work.resolve("identity"));
            int port = freePort();
            Process service = startService(port, kafka, postgres, keys, work);
            try {
                run(port, new Tokens(keys).internal(Tokens.randomTenant(), Role.OPERATOR), seconds, connections,
                        singleConnections, service.toHandle());
            } finally {
                service.destroy();
                service.waitFor();
            }
        }
    }

    private static Process startService(int port, EmbeddedKafkaBroker kafka, EmbeddedPostgresServer postgres,
            IdentityKeys keys, Path work) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m", "-XX:+UseParallelGC"));
        // e.g. -Dbench.service-opts=-XX:StartFlightRecording=filename=/tmp/intake.jfr,settings=profile
        String extra = System.getProperty("bench.service-opts", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", Path.of(System.getProperty("bench.jar",
                "ingest-service/target/quarkus-app/quarkus-run.jar")).toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(java.util.Map.of("QUARKUS_HTTP_PORT", Integer.toString(port),
                "PG_HOST", postgres.host(), "PG_PORT", Integer.toString(postgres.port()),
                "PG_DB", postgres.database(), "PG_USER", postgres.user(), "PG_PASSWORD", postgres.password(),
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "FIELDLINE_IDENTITY_PUBLIC_KEY_LOCATION", keys.publicKeyPem().toString(),
                "QUARKUS_LOG_LEVEL", "WARN"));
        builder.redirectErrorStream(true).redirectOutput(work.resolve("service.log").toFile());
        Process process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        process.destroy();
        throw new IllegalStateException("ingest-service not ready; see " + work.resolve("service.log"));
    }

    private static void run(int port, MintedIdentity operator, int seconds, int connections, int singleConnections,
            ProcessHandle service) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String[] events = new String[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                    .header("Authorization", operator.bearer()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench-" + i
                            + "\",\"type\":\"sensor\",\"unit\":\"u\",\"min_value\":0,\"max_value\":1000}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            events[i] = created.body().replaceAll(".*\"public_id\":\"([^\"]+)\".*", "$1");
        }
        StringBuilder batch = new StringBuilder("{\"datapoints\":[");
        for (int i = 0; i < BATCH; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"event_public_id\":\"").append(events[i % EVENTS])
                    .append("\",\"value\":").append(i * 0.5).append('}');
        }
        Buffer batchBody = Buffer.buffer(batch.append("]}").toString());
        Buffer singleBody = Buffer.buffer("{\"event_public_id\":\"" + events[0] + "\",\"value\":21.5}");

        Vertx vertx = Vertx.vertx();
        try {
            phase(vertx, port, operator, "/api/v1/datapoints/batch", batchBody, 3, connections, "warm-up");
            phase(vertx, port, operator, "/api/v1/datapoints", singleBody, 3, singleConnections, "warm-up");
            // CPU the service process used per accepted request: a figure a loaded machine does not distort much.
            long cpu = cpuMillis(service);
            Result batches = phase(vertx, port, operator, "/api/v1/datapoints/batch", batchBody, seconds,
                    connections, "batch");
            long batchCpu = cpuMillis(service) - cpu;
            cpu = cpuMillis(service);
            Result singles = phase(vertx, port, operator, "/api/v1/datapoints", singleBody, seconds,
                    singleConnections, "single");
            long singleCpu = cpuMillis(service) - cpu;
            System.out.printf("ingest-service CPU: %.3f ms per 500-point batch (%.2f µs per datapoint), %.3f ms per"
                    + " single request%n", (double) batchCpu / batches.ok, batchCpu * 1000.0 / (batches.ok * BATCH),
                    (double) singleCpu / singles.ok);
            System.out.printf("batches of %d: %.0f req/s = %.0f datapoints/s accepted; p50 %.1f ms, p99 %.1f ms;"
                    + " non-201: %d%n", BATCH, batches.perSecond(), batches.perSecond() * BATCH, batches.p(50),
                    batches.p(99), batches.failed);
            System.out.printf("single datapoints: %.0f req/s accepted; p50 %.1f ms, p99 %.1f ms; non-201: %d%n",
                    singles.perSecond(), singles.p(50), singles.p(99), singles.failed);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static Result phase(Vertx vertx, int port, MintedIdentity operator, String path, Buffer body,
            int seconds, int connections, String name) throws InterruptedException {
        var client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
                .setKeepAlive(true), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(connections));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
                .putHeader("Authorization", operator.bearer()).putHeader("Content-Type", "application/json");
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(connections);
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            long[] samples = new long[200_000];
            latencies.add(samples);
            loop(client, options, body, end, ok, failed, samples, new int[1], done);
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        client.close();
        long[] all = latencies.stream().flatMapToLong(s -> Arrays.stream(s).filter(v -> v > 0)).sorted().toArray();
        System.out.printf("%s: %d ok, %d failed in %.1f s%n", name, ok.get(), failed.get(), elapsed);
        return new Result(ok.get(), failed.get(), elapsed, all);
    }

    // One connection's worth of requests, back to back until the end.
    private static void loop(io.vertx.core.http.HttpClient client, RequestOptions options, Buffer body, long end,
            AtomicLong ok, AtomicLong failed, long[] samples, int[] count, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        long sent = System.nanoTime();
        client.request(options).compose(request -> request.send(body)).compose(response -> response.body()
                .map(ignored -> response.statusCode()))
                .onComplete(result -> {
                    if (result.succeeded() && result.result() == 201) {
                        ok.incrementAndGet();
                        if (count[0] < samples.length) {
                            samples[count[0]++] = System.nanoTime() - sent;
                        }
                    } else {
                        failed.incrementAndGet();
                    }
                    loop(client, options, body, end, ok, failed, samples, count, done);
                });
    }

    private static long cpuMillis(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Result(long ok, long failed, double seconds, long[] sortedNanos) {

        double perSecond() {
            return ok / seconds;
        }

        double p(int percentile) {
            return sortedNanos.length == 0 ? 0
                    : sortedNanos[(int) Math.min(sortedNanos.length - 1L,
                            (long) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1)] / 1e6;
        }
    }
}
