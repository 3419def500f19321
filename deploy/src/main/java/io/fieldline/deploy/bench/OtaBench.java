package io.fieldline.deploy.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.deploy.LauncherLogs;
import io.fieldline.deploy.PostgresCoordinates;
import io.fieldline.deploy.RunningStack;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * {@code ./deploy/bench-ota}: starts the dev stack like {@code ./deploy/run}, uploads a firmware artifact through the
 * gateway, starts a rollout to the simulated devices, then measures (1) device check-ins at a fixed rate (open loop:
 * latency counts from the moment a request was due, so a slow service cannot hide its queue) and (2) downloads of the
 * artifact by concurrent devices against a plain read of the same file from disk. Not a test: it prints figures.
 */
public final class OtaBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOUNDARY = "fieldline-bench-boundary";

    private final PrintStream out;
    private final HttpClient http;
    private final URI gateway;
    private final Map<String, String> env;

    private OtaBench(PrintStream out, HttpClient http, URI gateway, Map<String, String> env) {
        this.out = out;
        this.http = http;
        this.gateway = gateway;
        this.env = env;
    }

    static final String USAGE = """
            Usage: ./deploy/bench-ota   (no flags; settings come from the environment)
              BENCH_OTA_DEVICES           devices checking in                           (10000)
              BENCH_OTA_INTERVAL_SECONDS  seconds between two check-ins of a device     (10)
              BENCH_OTA_WARMUP_SECONDS    seconds of check-ins before measuring         (60)
              BENCH_OTA_DURATION_SECONDS  seconds of check-ins measured                 (30)
              BENCH_OTA_CONNECTIONS       check-ins in flight at most                   (64)
              BENCH_OTA_ARTIFACT_MB       size of the artifact uploaded and downloaded  (100)
              BENCH_OTA_DOWNLOADERS       devices downloading it at once                (20)
            The stack is configured as for ./deploy/run (deploy/README.md).""";

    public static void main(String[] args) {
        LauncherLogs.quiet();
        PrintStream out = StackBench.console();
        if (args.length > 0) {
            // Flags are not taken (the settings are environment variables): --help, or anything else, shows them.
            out.println(USAGE);
            System.exit(args.length == 1 && (args[0].equals("--help") || args[0].equals("-h")) ? 0 : 2);
        }
        Map<String, String> env = System.getenv();
        StackBench.run(out, () -> BenchStack.prepare(BenchOptions.parse(new String[0], env), env),
                (stack, benchStack, http) -> new OtaBench(out, http, stack.gatewayUrl(), env).run(stack, benchStack));
    }

    private boolean run(RunningStack stack, BenchStack benchStack) throws Exception {
        int devices = number("BENCH_OTA_DEVICES", 10_000);
        int intervalSeconds = number("BENCH_OTA_INTERVAL_SECONDS", 10);
        int seconds = number("BENCH_OTA_DURATION_SECONDS", 30);
        int megabytes = number("BENCH_OTA_ARTIFACT_MB", 100);
        int downloaders = number("BENCH_OTA_DOWNLOADERS", 20);
        BenchSetup setup = new BenchSetup(http, gateway);
        String token = setup.login(stack.initialAdmin().email(), benchStack.adminPassword());

        // GIVEN a firmware with an artifact, rolled out to every simulated device at once
        Path artifact = Files.createTempFile("ota-bench", ".bin");
        try {
            writeRandom(artifact, megabytes * 1024L * 1024L);
            String firmware = text(call(json("/api/v1/ota", token, Map.of("version", "9.9.9")), 201), "public_id");
            long uploadStart = System.nanoTime();
            call(upload(firmware, token, artifact), 201);
            double uploadSeconds = (System.nanoTime() - uploadStart) / 1e9;
            out.printf(Locale.ROOT, "Uploaded %d MB through the gateway in %.2f s (%.0f MB/s)%n", megabytes,
                    uploadSeconds, megabytes / uploadSeconds);
            List<String> ids = new ArrayList<>(devices);
            for (int i = 0; i < devices; i++) {
                ids.add(String.format(Locale.ROOT, "dev-%05d", i));
            }
            call(json("/api/v1/ota/rollouts", token, Map.of("firmware_id", firmware, "device_ids", ids,
                    "canary_size", devices)), 201);

            // WHEN every device checks in once per interval
            checkIns(token, ids, intervalSeconds, seconds, stack.postgres());
            // AND devices download the artifact concurrently
            downloads(token, firmware, downloaders, megabytes, artifact);
            return true;
        } finally {
            Files.deleteIfExists(artifact);
        }
    }

    private void checkIns(String token, List<String> ids, int intervalSeconds, int seconds, PostgresCoordinates pg)
            throws Exception {
        double rate = ids.size() / (double) intervalSeconds;
        int lanes = number("BENCH_OTA_CONNECTIONS", 64);
        int warmupSeconds = number("BENCH_OTA_WARMUP_SECONDS", 60);
        out.printf(Locale.ROOT, "%nCheck-ins: %d devices every %d s = %.0f req/s through the gateway (open loop: "
                + "requests due every 10 ms, sent over %d connections; latency counts from the moment a request was "
                + "due)%n", ids.size(), intervalSeconds, rate, lanes);
        // The JIT compilers of freshly started services take half the box for tens of seconds: without a warm-up
        // the figures are those of a cold start. The warm-up's backlog drains before the measured phase begins.
        CheckInPhase warmup = checkInPhase(token, ids, rate, lanes, warmupSeconds);
        out.printf(Locale.ROOT, "  warm-up, %d s (not counted): %s%n", warmupSeconds, warmup.summary());
        DatabaseActivity database = new DatabaseActivity(pg);
        DatabaseActivity.Snapshot before = database.settledSnapshot();
        CheckInPhase measured = checkInPhase(token, ids, rate, lanes, seconds);
        DatabaseActivity.Snapshot after = database.settledSnapshot();
        out.printf(Locale.ROOT, "  measured, %d s: %s%n", seconds, measured.summary());
        out.printf(Locale.ROOT, "  latency ms: %s  (target p99 < 50)%n", measured.histogram().describeMillis());
        out.printf(Locale.ROOT, "  database: %s%n",
                DatabaseActivity.describe(before, after, seconds, measured.histogram().count()));
    }

    /** What one phase of check-ins saw. */
    private record CheckInPhase(LatencyHistogram histogram, Map<Integer, AtomicLong> statuses, long offered,
            double servedPerSecond) {

        String summary() {
            return String.format(Locale.ROOT, "%d check-ins, served at %.0f/s, statuses %s, %d offered the update, "
                    + "p99 %.1f ms", histogram.count(), servedPerSecond, statuses, offered,
                    histogram.percentileMicros(99) / 1000.0);
        }
    }

    /** Check-ins at {@code rate} per second for {@code seconds}; returns when every one of them was answered. */
    private CheckInPhase checkInPhase(String token, List<String> ids, double rate, int lanes, int seconds)
            throws InterruptedException {
        int perTick = (int) Math.max(1, Math.round(rate / 100));
        LatencyHistogram histogram = new LatencyHistogram();
        Map<Integer, AtomicLong> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicLong offered = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        AtomicLong lastDone = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        java.util.concurrent.BlockingQueue<Long> due = new java.util.concurrent.LinkedBlockingQueue<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            if (now <= end) {
                for (int i = 0; i < perTick; i++) {
                    due.add(now);
                }
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        ExecutorService senders = Executors.newFixedThreadPool(lanes);
        for (int lane = 0; lane < lanes; lane++) {
            senders.submit(() -> {
                while (true) {
                    Long when = due.poll(1, TimeUnit.SECONDS);
                    if (when == null) {
                        if (System.nanoTime() > end) {
                            return null;
                        }
                        continue;
                    }
                    String device = ids.get(Math.floorMod(next.getAndIncrement(), ids.size()));
                    LoadClient.Response response = LoadClient.shared().send(LoadClient.Request.get(
                            gateway.resolve("/api/v1/ota/devices/" + device + "/update"), token)).join();
                    long done = System.nanoTime();
                    lastDone.accumulateAndGet(done, Math::max);
                    synchronized (histogram) {
                        histogram.record((done - when) / 1000);
                    }
                    statuses.computeIfAbsent(response.status() == 0 ? -1 : response.status(),
                            k -> new AtomicLong()).incrementAndGet();
                    if (response.body().contains("\"update_available\":true")) {
                        offered.incrementAndGet();
                    }
                }
            });
        }
        senders.shutdown();
        senders.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
        ticker.shutdownNow();
        synchronized (histogram) {
            // Served rate: the requests over the time until the last of them was answered (a backlog drains after
            // the offered load stops).
            double served = histogram.count() / Math.max(1e-9, (lastDone.get() - start) / 1e9);
            return new CheckInPhase(histogram, statuses, offered.get(), served);
        }
    }

    private void downloads(String token, String firmware, int downloaders, int megabytes, Path artifact)
            throws Exception {
        out.printf(Locale.ROOT, "%nDownloads: %d devices fetch the %d MB artifact at once: they ask the gateway, which"
                + " answers with a signed link to ota-service (deploy/run configures the links); median of 3 rounds%n",
                downloaders,
                megabytes);
        // The Vert.x client: the JDK's HttpClient copies each body through its own executor and was the bottleneck.
        double seconds = timedDownloads(gateway.resolve("/api/v1/ota/" + firmware + "/download"), token,
                downloaders, megabytes);
        out.printf(Locale.ROOT, "  Fieldline: %.2f s, %.0f MB/s in total, %.1f MB/s per device%n", seconds,
                downloaders * megabytes / seconds, megabytes / seconds);

        // The same file from a bare HTTP server (sendFile, nothing else) to the same client over the same loopback:
        // what this box's network path and client can carry at most.
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer plain = vertx.createHttpServer()
                    .requestHandler(request -> request.response().sendFile(artifact.toString()))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            double plainSeconds = timedDownloads(URI.create("http://127.0.0.1:" + plain.actualPort() + "/fw.bin"),
                    token, downloaders, megabytes);
            out.printf(Locale.ROOT, "  bare HTTP file server, same client: %.2f s, %.0f MB/s in total (the service"
                    + " reaches %.0f %% of it)%n", plainSeconds, downloaders * megabytes / plainSeconds,
                    100 * plainSeconds / seconds);

            // Without signed links the artifact streams through the gateway: the same bare server behind a bare
            // Vert.x proxy (a pipe per request, nothing else) is the ceiling of that two-hop path on this box.
            io.vertx.core.http.HttpClient toPlain = vertx.createHttpClient(
                    new io.vertx.core.http.PoolOptions().setHttp1MaxSize(downloaders));
            HttpServer proxy = vertx.createHttpServer().requestHandler(request -> toPlain
                    .request(io.vertx.core.http.HttpMethod.GET, plain.actualPort(), "127.0.0.1", request.uri())
                    .compose(io.vertx.core.http.HttpClientRequest::send)
                    .onSuccess(answer -> {
                        request.response().putHeader("Content-Length", answer.getHeader("Content-Length"));
                        answer.pipeTo(request.response());
                    })
                    .onFailure(e -> request.response().setStatusCode(502).end()))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            double proxiedSeconds = timedDownloads(URI.create("http://127.0.0.1:" + proxy.actualPort() + "/fw.bin"),
                    token, downloaders, megabytes);
            out.printf(Locale.ROOT,
                    "  the same behind a bare proxy (two hops, as without links): %.2f s, %.0f"
                            + " MB/s in total (the service reaches %.0f %% of it)%n",
                    proxiedSeconds,
                    downloaders * megabytes / proxiedSeconds, 100 * proxiedSeconds / seconds);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        // The same bytes read from disk by as many readers, without HTTP: the ceiling the service is compared with.
        long copyStart = System.nanoTime();
        ExecutorService readers = Executors.newFixedThreadPool(downloaders);
        List<java.util.concurrent.Future<Long>> reads = new ArrayList<>();
        for (int i = 0; i < downloaders; i++) {
            reads.add(readers.submit(() -> {
                try (InputStream in = Files.newInputStream(artifact)) {
                    return in.transferTo(OutputStream.nullOutputStream());
                }
            }));
        }
        for (java.util.concurrent.Future<Long> read : reads) {
            read.get();
        }
        readers.shutdown();
        double copySeconds = (System.nanoTime() - copyStart) / 1e9;
        out.printf(Locale.ROOT, "  plain file read from the page cache, %d readers: %.2f s, %.0f MB/s in total (the"
                + " service reaches %.0f %% of it)%n", downloaders, copySeconds, downloaders * megabytes / copySeconds,
                100 * copySeconds / seconds);
    }

    /**
     * Downloads the URI with {@code downloaders} concurrent requests three times; the median of the seconds until all
     * completed in full (single rounds on this shared box vary by a factor of two).
     */
    private static double timedDownloads(URI uri, String token, int downloaders, int megabytes) throws Exception {
        double[] rounds = new double[3];
        for (int i = 0; i < rounds.length; i++) {
            rounds[i] = timedRound(uri, token, downloaders, megabytes);
        }
        java.util.Arrays.sort(rounds);
        return rounds[1];
    }

    private static double timedRound(URI uri, String token, int downloaders, int megabytes) throws Exception {
        long start = System.nanoTime();
        List<CompletableFuture<Long>> all = new ArrayList<>();
        for (int i = 0; i < downloaders; i++) {
            all.add(LoadClient.shared().download(uri, token));
        }
        for (CompletableFuture<Long> download : all) {
            long bytes = download.get(10, TimeUnit.MINUTES);
            if (bytes != megabytes * 1024L * 1024L) {
                throw new IllegalStateException(uri + ": " + bytes + " bytes instead of " + megabytes + " MB");
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private HttpRequest json(String path, String token, Map<String, Object> body) throws IOException {
        return HttpRequest.newBuilder(gateway.resolve(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    }

    private HttpRequest upload(String firmware, String token, Path file) throws IOException {
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"fw.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + BOUNDARY + "--\r\n";
        return HttpRequest.newBuilder(gateway.resolve("/api/v1/ota/" + firmware + "/upload"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY).timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
                        HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofString(tail)))
                .build();
    }

    private JsonNode call(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asText();
    }

    private int number(String variable, int fallback) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    private static void writeRandom(Path file, long size) throws IOException {
        Random random = new Random(42);
        byte[] chunk = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
        }
    }

}
