package io.fieldline.deploy.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fieldline.deploy.LauncherLogs;
import io.fieldline.deploy.RunningStack;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code ./deploy/bench-live}: starts the dev stack like {@code ./deploy/run}, opens N subscribers on seed 000's
 * {@code /ws/datapoints/stream} (one of them never reads), and sends datapoints at a fixed rate over E events
 * (each datapoint stamped with
 * its send time; the datapoint ingest endpoint is not on this branch, so they go straight into
 * {@code fieldline.datapoints.v1} as ingest-service publishes them). It reports datapoint sent → frame received latency (p50/p99 over the reading subscribers; this
 * includes the HTTP acceptance, Kafka and the 200 ms per-event throttle), frames/s and values/s delivered, and the
 * gateway's RSS before and after the sockets opened. Options: {@code --subscribers N} (2000), {@code --rate R}
 * datapoints/s (10000), {@code --events E} (1000), {@code --duration S} (30), {@code --warmup S} (5).
 */
public final class LiveBench {

    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");

    private final PrintStream out;
    private final Map<String, Integer> options;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong values = new AtomicLong();
    private volatile boolean measuring;

    private LiveBench(PrintStream out, Map<String, Integer> options) {
        this.out = out;
        this.options = options;
    }

    /** Runs the benchmark from the repository root; exit code 0, or 1 when it failed, 2 on bad usage. */
    public static void main(String[] args) {
        LauncherLogs.quiet();
        PrintStream out = StackBench.console();
        Map<String, Integer> options = new HashMap<>(Map.of("subscribers", 2000, "rate", 10_000,
                "events", 1000, "duration", 30, "warmup", 5));
        String usage = "Usage: deploy/bench-live [--subscribers N] [--rate R] [--events E] [--duration S]"
                + " [--warmup S]; defaults " + options;
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
        StackBench.run(out, () -> BenchStack.prepare((Path) null, System.getenv()),
                (stack, benchStack, http) -> new LiveBench(out, options).run(stack, benchStack));
    }

    private boolean run(RunningStack stack, BenchStack benchStack) throws Exception {
        BenchSetup setup = new BenchSetup(http, stack.gatewayUrl());
        String session = setup.login(stack.initialAdmin().email(), benchStack.adminPassword());
        String apiToken = setup.createApiToken(session, "live-bench");
        List<String> events = new ArrayList<>();
        for (int i = 0; i < options.get("events"); i++) {
            events.add(setup.createEvent(session, "live-" + i));
        }
        long rssBefore = gatewayRssKb();
        URI stream = URI.create(stack.gatewayUrl().toString().replaceFirst("^http", "ws")
                + "/ws/datapoints/stream?token=" + apiToken);
        int subscribers = options.get("subscribers");
        List<Subscriber> clients = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            clients.add(new Subscriber(i == 0));
            http.newWebSocketBuilder().buildAsync(stream, clients.get(i)).get(30, TimeUnit.SECONDS);
        }
        for (Subscriber client : clients) {
            client.connected.get(30, TimeUnit.SECONDS);
        }
        Thread.sleep(3_000);
        long rssOpen = gatewayRssKb();
        out.printf(Locale.ROOT, "%d subscribers open (1 never reads); gateway RSS %,d KB → %,d KB: %.1f KB per"
                + " connection%n", subscribers, rssBefore, rssOpen, (rssOpen - rssBefore) / (double) subscribers);

        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        int perTick = Math.max(1, options.get("rate") / 20);
        AtomicLong next = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer());
        String tenant = setup.tenantOf(session);
        load.scheduleAtFixedRate(() -> send(producer, tenant, events, perTick, next, refused), 0, 50,
                TimeUnit.MILLISECONDS);
        Thread.sleep(options.get("warmup") * 1000L);
        measuring = true;
        long start = System.nanoTime();
        Thread.sleep(options.get("duration") * 1000L);
        measuring = false;
        double seconds = (System.nanoTime() - start) / 1e9;
        // Let the last tick finish and the producer deliver what it queued: a forced close would count the queued
        // records as failed sends.
        load.shutdown();
        load.awaitTermination(5, TimeUnit.SECONDS);
        producer.close(Duration.ofSeconds(60));
        long rssLoaded = gatewayRssKb();
        out.printf(Locale.ROOT, "Load: %,d datapoints/s over %d events straight into fieldline.datapoints.v1"
                + " (%d sends failed)%n", options.get("rate"), events.size(), refused.get());
        out.printf(Locale.ROOT, "Delivered: %,.0f frames/s, %,.0f values/s to %d reading subscribers%n",
                frames.get() / seconds, values.get() / seconds, subscribers - 1);
        out.printf(Locale.ROOT, "Latency sent → frame: p50 %.1f ms, p99 %.1f ms, max %.1f ms (target p99 < 100 ms;"
                + " the seed's 200 ms per-event throttle is inside)%n", latency.percentileMicros(50) / 1e3,
                latency.percentileMicros(99) / 1e3, latency.maxMicros() / 1e3);
        Subscriber stuck = clients.get(0);
        out.printf(Locale.ROOT, "Stuck subscriber: %s; gateway RSS under load %,d KB%n",
                stuck.closed.isDone() ? "closed with " + stuck.closed.get() : "still open", rssLoaded);
        clients.forEach(client -> client.socket.abort());
        return frames.get() > 0;
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

    // Reads /proc of the gateway's JVM (the dev stack runs it as "…api-gateway…quarkus-run.jar").
    private static long gatewayRssKb() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("api-gateway") && c.contains("quarkus-run"))
                        .orElse(false))
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

    /** One subscriber: measures each datapoint it gets; the stuck one never asks for a second message. */
    private final class Subscriber implements WebSocket.Listener {

        final boolean stuck;
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final StringBuilder text = new StringBuilder();
        WebSocket socket;

        Subscriber(boolean stuck) {
            this.stuck = stuck;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received(text.toString());
                text.setLength(0);
            }
            if (!stuck || !connected.isDone()) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        private void received(String message) {
            if (message.contains("\"connected\"")) {
                connected.complete(null);
                return;
            }
            if (!measuring || stuck) {
                return;
            }
            long now = System.currentTimeMillis();
            frames.incrementAndGet();
            Matcher matcher = TIMESTAMP.matcher(message);
            long count = 0;
            synchronized (latency) {
                while (matcher.find()) {
                    count++;
                    latency.record((now - Instant.parse(matcher.group(1)).toEpochMilli()) * 1000);
                }
            }
            values.addAndGet(count);
        }
    }
}
