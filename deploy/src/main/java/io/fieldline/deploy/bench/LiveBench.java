package io.fieldline.deploy.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.fieldline.deploy.LauncherLogs;
import io.fieldline.deploy.RunningStack;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code ./deploy/bench-live}: starts the dev stack like {@code ./deploy/run}, opens N live subscribers and sends
 * datapoints at a fixed rate over E events, each stamped with its send time, straight into
 * {@code fieldline.datapoints.v1} as ingest-service publishes them (so the figure is the live path alone). By default
 * the subscribers are dashboards on seed 002's {@code /ws}, each subscribed to {@code --watch} consecutive events;
 * {@code --watch 0} opens seed 000's {@code /ws/datapoints/stream} instead, where every subscriber gets every event of
 * the tenant (seed 000 has no filter). It reports the gateway's RSS per idle connection, then datapoint sent → frame
 * received latency (p50/p99) and frames/s delivered in three measured phases: every subscriber reading, then the
 * same with one more subscriber that wants everything and never reads, then without it again. The client is Vert.x on
 * two event loops: the JDK's WebSocket client cost more CPU than the gateway it measured.
 */
public final class LiveBench {

    private static final String TIMESTAMP = "\"timestamp\":\"";
    private static final int CLIENT_EVENT_LOOPS = 2;
    private static final ThreadLocal<Map<String, Long>> SENT_TIMES = ThreadLocal.withInitial(HashMap::new);

    private final PrintStream out;
    private final Map<String, Integer> options;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Vertx vertx = ClientVertx.create(CLIENT_EVENT_LOOPS);
    private final WebSocketClient sockets = vertx.createWebSocketClient(new WebSocketClientOptions()
            .setMaxConnections(100_000).setConnectTimeout(10_000).setMaxFrameSize(2 * 1024 * 1024)
            .setMaxMessageSize(8 * 1024 * 1024));
    // Where subscribers record; outside the measured phases a discarded one, so that the client's measuring code is
    // compiled before it counts (recording only from the first phase on slowed the client then, not the gateway).
    private volatile Phase phase = new Phase();
    private final StallWatch stalls = StallWatch.start();

    private LiveBench(PrintStream out, Map<String, Integer> options) {
        this.out = out;
        this.options = options;
    }

    /** Runs the benchmark from the repository root; exit code 0, or 1 when it failed, 2 on bad usage. */
    public static void main(String[] args) {
        LauncherLogs.quiet();
        PrintStream out = StackBench.console();
        Map<String, Integer> options = new HashMap<>(Map.of("subscribers", 2000, "rate", 10_000,
                "events", 1000, "watch", 10, "duration", 10, "rounds", 3, "warmup", 180, "tick", 5));
        String usage = "Usage: deploy/bench-live [--subscribers N] [--rate R] [--events E] [--watch W (0: the seed"
                + " stream, every event)] [--duration S (each measured phase)] [--rounds R (reading and stuck phases in"
                + " turns)] [--tick MS (the load's pacing)] [--warmup S]; defaults " + options;
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println(usage);
            System.exit(0);
        }
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].replaceFirst("^--", "");
            if (!options.containsKey(name) || i + 1 == args.length || !args[i + 1].matches("\\d{1,9}")) {
                out.println("Bad option " + args[i] + ". " + usage);
                System.exit(2);
            }
            options.put(name, Integer.parseInt(args[i + 1]));
        }
        if (options.get("tick") < 1 || options.get("rounds") < 1) {
            out.println("--tick and --rounds must be at least 1. " + usage);
            System.exit(2);
        }
        StackBench.run(out, () -> BenchStack.prepare((Path) null, System.getenv()),
                (stack, benchStack, http) -> new LiveBench(out, options).run(stack, benchStack));
    }

    private boolean run(RunningStack stack, BenchStack benchStack) throws Exception {
        try {
            return measure(stack, benchStack);
        } finally {
            // Best effort: closing thousands of sockets may outlast the wait, and the process ends anyway.
            vertx.close();
        }
    }

    private boolean measure(RunningStack stack, BenchStack benchStack) throws Exception {
        BenchSetup setup = new BenchSetup(http, stack.gatewayUrl());
        String session = setup.login(stack.initialAdmin().email(), benchStack.adminPassword());
        String apiToken = setup.createApiToken(session, "live-bench");
        List<String> events = new ArrayList<>();
        for (int i = 0; i < options.get("events"); i++) {
            events.add(setup.createEvent(session, "live-" + i));
        }
        int watch = Math.min(options.get("watch"), events.size());
        int count = options.get("subscribers");
        String what = watch == 0 ? "/ws/datapoints/stream subscribers (every event of the tenant)"
                : "/ws subscribers (" + watch + " events each)";
        long rssBefore = gatewayRssKb();
        long settledBefore = settledGatewayRssKb();
        List<Subscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> watched = new ArrayList<>(watch);
            for (int j = 0; j < watch; j++) {
                watched.add(events.get((i * watch + j) % events.size()));
            }
            subscribers.add(new Subscriber(watch == 0, watched, false));
        }
        URI gateway = stack.gatewayUrl();
        for (int i = 0; i < count; i += 200) {
            List<CompletableFuture<Void>> opening = new ArrayList<>();
            for (Subscriber subscriber : subscribers.subList(i, Math.min(count, i + 200))) {
                opening.add(subscriber.open(gateway, apiToken));
            }
            CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        Thread.sleep(3_000);
        long rssOpen = gatewayRssKb();
        long settledOpen = settledGatewayRssKb();
        out.printf(Locale.ROOT, "%,d %s open: gateway RSS after a full GC %,d KB → %,d KB, %.1f KB per idle"
                + " connection (target < 50 KB); without the GC %,d KB → %,d KB%n", count, what, settledBefore,
                settledOpen, (settledOpen - settledBefore) / (double) count, rssBefore, rssOpen);

        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        // Evenly paced, as readings from many devices arrive: each tick sends its share. A coarse tick is a
        // synchronised burst (at 50 ms, 500 datapoints at once: 10,000 frames for the gateway to write together).
        int tickMillis = options.get("tick");
        int perTick = Math.max(1, (int) ((long) options.get("rate") * tickMillis / 1000));
        AtomicLong next = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer());
        String tenant = setup.tenantOf(session);
        load.scheduleAtFixedRate(() -> send(producer, tenant, events, perTick, next, refused), 0, tickMillis,
                TimeUnit.MILLISECONDS);
        out.printf(Locale.ROOT, "Load: %,d datapoints/s over %,d events, %d every %d ms; warming up %d s%n",
                options.get("rate"), events.size(), perTick, tickMillis, options.get("warmup"));
        // The gateway's first /q/metrics answer is slow (cold code): let it fall in the warm-up, not in a phase.
        MetricsScrape.of(gateway);
        Thread.sleep(options.get("warmup") * 1000L);

        // Phases with and without a stuck subscriber take turns, and each kind is judged on all its phases together:
        // this box's latency drifts within minutes by more than the effect sought (one run without any stuck
        // subscriber gave p99 186, 475 and 246 ms in three consecutive phases).
        Phase reading = new Phase();
        Phase withStuck = new Phase();
        String stuckEnd = "never connected";
        long rssUnderLoad = 0;
        int rounds = options.get("rounds");
        for (int round = 1; round <= rounds; round++) {
            reading.add(measurePhase("round " + round + ", every subscriber reading", gateway));
            Subscriber stuck = new Subscriber(watch == 0, List.of(), true);
            try {
                stuck.open(gateway, apiToken).get(60, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                out.println("  (the stuck subscriber was not connected within 60 s; measuring without it)");
            }
            withStuck.add(measurePhase("round " + round + ", plus one stuck subscriber of every event", gateway));
            stuckEnd = stuck.closed.isDone() ? "closed by the gateway with " + stuck.closed.getNow(null)
                    : "still open at the end of its phase (its write queue full; closed after the stuck timeout)";
            rssUnderLoad = Math.max(rssUnderLoad, gatewayRssKb());
            if (stuck.socket != null) {
                stuck.close();
                try {
                    stuck.closed.get(60, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    out.println("  (the stuck subscriber was not closed within 60 s)");
                }
            }
        }
        reading.add(measurePhase("last, every subscriber reading", gateway));

        load.shutdown();
        load.awaitTermination(5, TimeUnit.SECONDS);
        producer.close(Duration.ofSeconds(60));
        out.printf(Locale.ROOT, "Stuck subscriber: %s; %d sends failed; gateway RSS under load up to %,d KB%n",
                stuckEnd, refused.get(), rssUnderLoad);
        double readingP99 = reading.latency.percentileMicros(99) / 1e3;
        double stuckP99 = withStuck.latency.percentileMicros(99) / 1e3;
        out.printf(Locale.ROOT, "All %d phases with every subscriber reading: sent → frame p50 %.1f ms, p99 %.1f ms"
                + " (target p99 < 100 ms)%n", rounds + 1, reading.latency.percentileMicros(50) / 1e3, readingP99);
        out.printf(Locale.ROOT, "All %d phases with the stuck subscriber: p50 %.1f ms, p99 %.1f ms: it moved the"
                + " others' p99 by %+.1f ms%n", rounds, withStuck.latency.percentileMicros(50) / 1e3, stuckP99,
                stuckP99 - readingP99);
        subscribers.forEach(Subscriber::close);
        return reading.frames.get() > 0 && withStuck.frames.get() > 0;
    }

    private Phase measurePhase(String name, URI gateway) throws Exception {
        Phase measured = new Phase();
        MetricsScrape before = MetricsScrape.of(gateway);
        phase = measured;
        stalls.takeMaxLateMillis();
        long start = System.nanoTime();
        Thread.sleep(options.get("duration") * 1000L);
        phase = new Phase();
        long stalledMillis = stalls.takeMaxLateMillis();
        double seconds = (System.nanoTime() - start) / 1e9;
        MetricsScrape after = MetricsScrape.of(gateway);
        synchronized (measured) {
            out.printf(Locale.ROOT, "  %s: %,.0f frames/s, %,.0f values/s; sent → frame p50 %.1f ms, p99 %.1f ms,"
                    + " max %.1f ms (target p99 < 100 ms)%n", name, measured.frames.get() / seconds,
                    measured.values.get() / seconds, measured.latency.percentileMicros(50) / 1e3,
                    measured.latency.percentileMicros(99) / 1e3, measured.latency.maxMicros() / 1e3);
        }
        String lag = "fieldline_live_feed_lag";
        double routed = after.sum(lag + "_seconds_count") - before.sum(lag + "_seconds_count");
        double lagSeconds = after.sum(lag + "_seconds_sum") - before.sum(lag + "_seconds_sum");
        out.printf(Locale.ROOT, "    the gateway's feed routed %,.0f records/s, %.1f ms on average after they were sent"
                + " (p50 ≤ %.0f ms, p99 ≤ %.0f ms: producer and Kafka; the rest is the fan-out and the client)%n",
                routed / seconds, routed == 0 ? 0 : lagSeconds / routed * 1e3,
                after.percentileMillis(before, lag, 0.50), after.percentileMillis(before, lag, 0.99));
        out.printf(Locale.ROOT, "    the client's 10 ms ticker woke up to %,d ms late%s%n", stalledMillis,
                stalledMillis >= 100 ? ": the machine or this client stalled, and the phase's latency includes that"
                        : "");
        return measured;
    }

    // Straight into fieldline.datapoints.v1, one record per event as ingest-service publishes them (key
    // <tenant>/<event>), stamped with the send time, so the figure is the live path alone (not ingest's HTTP).
    private void send(KafkaProducer<String, String> producer, String tenant, List<String> events, int count,
            AtomicLong next, AtomicLong refused) {
        String now = Instant.now().toString();
        for (int i = 0; i < count; i++) {
            String event = events.get((int) (next.getAndIncrement() % events.size()));
            String value = "{\"tenant_id\":\"" + tenant + "\",\"event_id\":\"" + event + "\",\"datapoints\":[{\"id\":\""
                    + UUID.randomUUID() + "\",\"value\":" + i + ",\"timestamp\":\"" + now
                    + "\",\"quality\":\"GOOD\",\"experiment_id\":null}],\"received_at\":\"" + now + "\"}";
            producer.send(new ProducerRecord<>("fieldline.datapoints.v1", tenant + "/" + event, value),
                    (metadata, error) -> {
                        if (error != null && refused.getAndIncrement() == 0) {
                            out.println("  first failed send: " + error);
                        }
                    });
        }
    }

    // The raw RSS difference also counts whatever the heap grew by meanwhile (G1 sizes it freely: the same build
    // showed 5.5 and 64 KB per connection so); after a full GC, which gives unused heap back, it counts what the
    // connections hold.
    private static long settledGatewayRssKb() throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        for (ProcessHandle gateway : gatewayProcesses()) {
            Process gc = new ProcessBuilder(jcmd, Long.toString(gateway.pid()), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!gc.waitFor(30, TimeUnit.SECONDS)) {
                gc.destroyForcibly();
            }
        }
        Thread.sleep(1_000);
        return gatewayRssKb();
    }

    private static List<ProcessHandle> gatewayProcesses() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("api-gateway") && c.contains("quarkus-run"))
                        .orElse(false))
                .toList();
    }

    // Reads /proc of the gateway's JVM (the dev stack runs it as "…api-gateway…quarkus-run.jar").
    private static long gatewayRssKb() {
        return gatewayProcesses().stream()
                .mapToLong(p -> {
                    try {
                        return Files.readAllLines(Path.of("/proc/" + p.pid() + "/status")).stream()
                                .filter(line -> line.startsWith("VmRSS:"))
                                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).sum();
                    } catch (Exception e) {
                        return 0;
                    }
                }).sum();
    }

    // The datapoints of one load tick share their send time, so a client thread parses each distinct stamp once.
    private static long sentMillis(String stamp) {
        Map<String, Long> known = SENT_TIMES.get();
        Long millis = known.get(stamp);
        if (millis == null) {
            if (known.size() >= 1024) {
                known.clear();
            }
            millis = Instant.parse(stamp).toEpochMilli();
            known.put(stamp, millis);
        }
        return millis;
    }

    /** What one measured phase saw. */
    private static final class Phase {

        final LatencyHistogram latency = new LatencyHistogram();
        final AtomicLong frames = new AtomicLong();
        final AtomicLong values = new AtomicLong();

        /** Adds a finished phase's figures to these. */
        synchronized void add(Phase other) {
            synchronized (other) {
                latency.add(other.latency);
            }
            frames.addAndGet(other.frames.get());
            values.addAndGet(other.values.get());
        }
    }

    /** One subscriber: measures every value it gets; a stuck one stops reading once subscribed. */
    private final class Subscriber {

        final boolean stream;
        final List<String> watched;
        final boolean stuck;
        final CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket socket;

        Subscriber(boolean stream, List<String> watched, boolean stuck) {
            this.stream = stream;
            this.watched = watched;
            this.stuck = stuck;
        }

        CompletableFuture<Void> open(URI gateway, String token) {
            CompletableFuture<Void> ready = new CompletableFuture<>();
            WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost(gateway.getHost())
                    .setPort(gateway.getPort())
                    .setURI((stream ? "/ws/datapoints/stream" : "/ws") + "?token=" + token);
            sockets.connect(connect).onFailure(ready::completeExceptionally).onSuccess(ws -> {
                socket = ws;
                ws.closeHandler(v -> closed.complete(ws.closeStatusCode() + " " + ws.closeReason()));
                ws.textMessageHandler(message -> received(message, ready));
            });
            return ready;
        }

        void close() {
            if (socket != null && !socket.isClosed()) {
                socket.close();
            }
        }

        private void received(String message, CompletableFuture<Void> ready) {
            if (!ready.isDone()) {
                if (message.contains("\"connected\"") && (stream || watched.isEmpty())) {
                    ready(ready);
                } else if (message.contains("\"connected\"")) {
                    socket.writeTextMessage(new JsonObject().put("subscribe",
                            new JsonObject().put("event_ids", new JsonArray(watched))).encode());
                } else if (message.contains("\"subscribed\"")) {
                    ready(ready);
                }
                return;
            }
            Phase measured = phase;
            long now = System.currentTimeMillis();
            int values = 0;
            synchronized (measured) {
                for (int at = message.indexOf(TIMESTAMP); at >= 0; at = message.indexOf(TIMESTAMP, at + 1)) {
                    int start = at + TIMESTAMP.length();
                    long sent = sentMillis(message.substring(start, message.indexOf('"', start)));
                    measured.latency.record((now - sent) * 1000);
                    values++;
                }
            }
            measured.frames.incrementAndGet();
            measured.values.addAndGet(values);
        }

        private void ready(CompletableFuture<Void> ready) {
            if (stuck) {
                socket.pause(); // reads nothing more: the gateway's write queue for it fills up
            }
            ready.complete(null);
        }
    }
}
