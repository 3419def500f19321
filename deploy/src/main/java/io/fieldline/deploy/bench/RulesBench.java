package io.fieldline.deploy.bench;

import java.net.URI;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.deploy.LauncherLogs;
import io.fieldline.model.Datapoint;
import io.fieldline.model.DatapointsReceived;
import io.fieldline.model.ModelJson;
import io.fieldline.model.PublicIds;
import io.fieldline.model.Quality;
import io.fieldline.model.TenantId;
import io.fieldline.model.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Benchmark of rules-service against a running stack ({@code ./deploy/run}): seeds N threshold rules over E events
 * of a fresh tenant straight into the rules schema, then (1) produces datapoints into {@code fieldline.datapoints.v1}
 * at a fixed rate, with a small share crossing the threshold, and measures the latency from a datapoint's
 * acceptance time (its timestamp, set when produced) to the Kafka timestamp of the incident record it caused; (2)
 * produces a backlog as fast as it can and measures how many datapoints per second the service evaluates (its
 * {@code fieldline_rules_datapoints_total} counter). Run with {@code ./deploy/bench-rules --help}.
 */
public final class RulesBench {

    private static final ObjectMapper JSON = ModelJson.newMapper();
    // Events deleted per transaction at the clean-up: each holds one advisory lock per event until it commits.
    private static final int EVENTS_PER_DELETE = 500;

    private RulesBench() {
    }

    public static void main(String[] args) throws Exception {
        LauncherLogs.quiet();
        Map<String, String> o = options(args);
        if (o.containsKey("help")) {
            System.out.println("""
                    ./deploy/bench-rules [--rules 10000] [--events 10000] [--rate 20000] [--warmup 20] [--seconds 30]
                                         [--crossing 0.01] [--backlog 500000] [--per-record 1]
                    env: KAFKA_BOOTSTRAP_SERVERS (localhost:9092), PG_HOST/PG_PORT/PG_DB/PG_USER/PG_PASSWORD
                         (localhost/5432/fieldline/postgres/postgres), RULES_URL (http://localhost:8082)""");
            return;
        }
        int rules = Integer.parseInt(o.getOrDefault("rules", "10000"));
        int events = Integer.parseInt(o.getOrDefault("events", "10000"));
        int rate = Integer.parseInt(o.getOrDefault("rate", "20000"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "20"));
        double crossing = Double.parseDouble(o.getOrDefault("crossing", "0.01"));
        int backlog = Integer.parseInt(o.getOrDefault("backlog", "500000"));
        int perRecord = Integer.parseInt(o.getOrDefault("per-record", "1"));
        String kafka = env("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        String rulesUrl = env("RULES_URL", "http://localhost:8082");

        TenantId tenant = TenantId.of("bench-" + UUID.randomUUID().toString().substring(0, 8));
        List<String> eventIds = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            eventIds.add(UUID.randomUUID().toString());
        }
        long seedStart = System.nanoTime();
        seedRules(tenant, eventIds, rules);
        System.out.printf(Locale.ROOT, "seeded %d rules over %d events (stored ones) of tenant %s in %d ms%n", rules,
                events,
                tenant, (System.nanoTime() - seedStart) / 1_000_000);
        Thread.sleep(2_000); // every replica polls rule changes every 500 ms

        try (KafkaProducer<String, String> producer = producer(kafka)) {
            latencyPhase(producer, kafka, rulesUrl, tenant, eventIds, rate, warmup, seconds, crossing, perRecord);
            throughputPhase(producer, rulesUrl, tenant, eventIds, backlog, perRecord);
        } finally {
            removeTenant(tenant);
        }
    }

    private static void latencyPhase(KafkaProducer<String, String> producer, String kafka, String rulesUrl,
            TenantId tenant,
            List<String> eventIds, int rate, int warmup, int seconds, double crossing, int perRecord)
            throws Exception {
        List<long[]> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = new Thread(() -> readIncidents(kafka, tenant, latencies, stop), "incident-reader");
        reader.setDaemon(true); // a run that fails midway (the stack stopped) must still exit
        reader.start();
        Thread.sleep(3_000); // let the reader join at the end of the topic
        boolean[] high = new boolean[eventIds.size()];
        // The same load runs through the warm-up (JIT of every JVM involved, this one included), unmeasured; the
        // measured load starts once the service has evaluated all of it, so no warm-up backlog is measured.
        System.out.printf(Locale.ROOT, "warming up for %d s at %d datapoints/s...%n", warmup, rate);
        double evaluatedBefore = evaluatedCounter(rulesUrl);
        long warmupSent = sendAt(producer, tenant, eventIds, high, rate, warmup, crossing, perRecord);
        long ended = System.nanoTime();
        long giveUp = ended + TimeUnit.MINUTES.toNanos(2);
        while (evaluatedCounter(rulesUrl) < evaluatedBefore + warmupSent && System.nanoTime() < giveUp) {
            Thread.sleep(200);
        }
        System.out.printf(Locale.ROOT, "  the service %s the warm-up %.1f s after it ended%n",
                System.nanoTime() < giveUp ? "caught up with" : "had still not caught up with",
                (System.nanoTime() - ended) / 1e9);
        MetricsScrape before = MetricsScrape.of(URI.create(rulesUrl));
        long measuredFrom = System.currentTimeMillis();
        long start = System.nanoTime();
        long measured = sendAt(producer, tenant, eventIds, high, rate, seconds, crossing, perRecord);
        double elapsed = (System.nanoTime() - start) / 1e9;
        Thread.sleep(5_000); // stragglers
        stop.set(true);
        reader.join();
        latencies.removeIf(l -> l[0] < measuredFrom);
        List<Long> sorted = new ArrayList<>(latencies.stream().map(l -> l[1]).toList());
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "latency phase: %d datapoints in %.1f s (%.0f/s offered), %d incident records%n",
                measured, elapsed, measured / elapsed, sorted.size());
        if (!sorted.isEmpty()) {
            System.out.printf(Locale.ROOT,
                    "  datapoint accepted -> incident published: p50 %d ms, p99 %d ms, max %d ms%n",
                    pct(sorted, 0.50), pct(sorted, 0.99), sorted.get(sorted.size() - 1));
            printWindows(latencies);
        }
        printStages(before, MetricsScrape.of(URI.create(rulesUrl)));
    }

    // Where the time goes inside rules-service, from its own histograms over the measured phase.
    private static void printStages(MetricsScrape before, MetricsScrape after) {
        StringBuilder line = new StringBuilder("  inside rules-service (p50/p99, histogram bucket bounds):");
        for (String[] stage : new String[][]{ { "waiting to be evaluated", "fieldline_rules_evaluation_lag" },
                { "evaluating and storing a batch", "fieldline_rules_batch_duration" },
                { "stored -> published", "fieldline_rules_outbox_lag" } }) {
            line.append(String.format(Locale.ROOT, " %s ≤%.0f/≤%.0f ms;", stage[0],
                    after.percentileMillis(before, stage[1], 0.50), after.percentileMillis(before, stage[1], 0.99)));
        }
        System.out.println(line.substring(0, line.length() - 1));
    }

    /** Sends datapoints at {@code rate} per second for {@code seconds}, flushed; returns how many were sent. */
    private static long sendAt(KafkaProducer<String, String> producer, TenantId tenant, List<String> eventIds,
            boolean[] high, int rate, int seconds, double crossing, int perRecord) throws Exception {
        long start = System.nanoTime();
        long sent = 0;
        long total = (long) rate * seconds;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (sent < total) {
            long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
            if (sent >= due) {
                Thread.sleep(1);
                continue;
            }
            int e = random.nextInt(eventIds.size());
            double[] values = new double[perRecord];
            for (int i = 0; i < perRecord; i++) {
                // A crossing (100 > 90) is followed by a clear (50 < 90 - 5) on the event's next datapoint.
                high[e] = !high[e] && random.nextDouble() < crossing;
                values[i] = high[e] ? 100 : 50;
            }
            send(producer, tenant, eventIds.get(e), values);
            sent += perRecord;
        }
        producer.flush();
        return sent;
    }

    // Per 5-second window of datapoint time: shows whether the tail is spread out or comes from a few stalls.
    private static void printWindows(List<long[]> latencies) {
        long first = latencies.stream().mapToLong(l -> l[0]).min().orElse(0);
        Map<Long, List<Long>> windows = new java.util.TreeMap<>();
        latencies.forEach(l -> windows.computeIfAbsent((l[0] - first) / 5_000, w -> new ArrayList<>()).add(l[1]));
        StringBuilder line = new StringBuilder("  per 5 s window (p50/p99 ms):");
        windows.forEach((window, values) -> {
            Collections.sort(values);
            line.append(String.format(Locale.ROOT, " %d/%d", pct(values, 0.50), pct(values, 0.99)));
        });
        System.out.println(line);
    }

    private static void throughputPhase(KafkaProducer<String, String> producer, String rulesUrl, TenantId tenant,
            List<String> eventIds, int backlog, int perRecord) throws Exception {
        double before = evaluatedCounter(rulesUrl);
        long start = System.nanoTime();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        double[] values = new double[perRecord];
        java.util.Arrays.fill(values, 50);
        for (int sent = 0; sent < backlog; sent += perRecord) {
            send(producer, tenant, eventIds.get(random.nextInt(eventIds.size())), values);
        }
        producer.flush();
        double produceSeconds = (System.nanoTime() - start) / 1e9;
        // What was left after producing is drained at the service's own pace: that slope is its capacity.
        long flushed = System.nanoTime();
        double atFlush = evaluatedCounter(rulesUrl);
        double target = before + backlog;
        double now = atFlush;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (now < target && System.nanoTime() < deadline) {
            Thread.sleep(200);
            now = evaluatedCounter(rulesUrl);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "throughput phase: %d datapoints produced in %.1f s (%.0f/s); evaluated %.0f"
                + " in %.1f s: %.0f datapoints/s sustained%n", backlog, produceSeconds, backlog / produceSeconds,
                now - before, seconds, (now - before) / seconds);
        double drained = now - atFlush;
        if (drained > backlog / 10.0) {
            double drainSeconds = (System.nanoTime() - flushed) / 1e9;
            System.out.printf(Locale.ROOT, "  backlog left when producing ended: %.0f, drained in %.1f s: %.0f"
                    + " datapoints/s (the service's own pace)%n", drained, drainSeconds, drained / drainSeconds);
        }
    }

    private static void readIncidents(String kafka, TenantId tenant, List<long[]> latencies, AtomicBoolean stop) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topic.INCIDENTS.topicName()));
            String prefix = tenant.value() + "/";
            while (!stop.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().startsWith(prefix)) {
                        JsonNode value = JSON.readTree(r.value());
                        long occurred = Instant.parse(value.get("occurred_at").asText()).toEpochMilli();
                        latencies.add(new long[]{ occurred, r.timestamp() - occurred });
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Incident reader failed", e);
        }
    }

    private static void send(KafkaProducer<String, String> producer, TenantId tenant, String event, double[] values)
            throws Exception {
        Instant now = Instant.now();
        List<Datapoint> points = new ArrayList<>(values.length);
        for (double value : values) {
            points.add(new Datapoint(PublicIds.newTimeOrderedId(), value, now, Quality.GOOD, null));
        }
        DatapointsReceived record = new DatapointsReceived(tenant, event, points, now);
        producer.send(
                new ProducerRecord<>(Topic.DATAPOINTS.topicName(), record.key(), JSON.writeValueAsString(record)));
    }

    // Every run adds a tenant: without this, runs pile up rules that every later run (and restart) pays for.
    private static void removeTenant(TenantId tenant) throws Exception {
        long start = System.nanoTime();
        for (int attempt = 1;; attempt++) {
            try {
                deleteTenantRows(tenant);
                break;
            } catch (SQLException e) {
                // The storage writer may still be storing the backlog's datapoints (their rollups lock the event
                // rows): a deadlock with the cascade is possible then, and the retry goes through.
                if (!"40P01".equals(e.getSQLState()) || attempt == 5) {
                    throw e;
                }
                Thread.sleep(1_000L * attempt);
            }
        }
        System.out.printf(Locale.ROOT, "removed the rules and events of tenant %s in %d ms%n", tenant,
                (System.nanoTime() - start) / 1_000_000);
        vacuum();
    }

    // A run deletes over a million datapoint rows: vacuumed now, they do not leave autovacuum working through
    // the next run's measured phase.
    private static void vacuum() throws SQLException {
        long start = System.nanoTime();
        try (Connection c = database(); Statement statement = c.createStatement()) {
            statement.execute("VACUUM ingest.datapoint, ingest.datapoint_rollup_1m, ingest.event, rules.rule, "
                    + "rules.rule_state, rules.incident, rules.incident_transition");
        }
        System.out.printf(Locale.ROOT, "vacuumed the deleted rows in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    private static void deleteTenantRows(TenantId tenant) throws SQLException {
        try (Connection c = database();
                PreparedStatement rules = c.prepareStatement(
                        "UPDATE rules.rule SET deleted_on = now(), updated_on = now() WHERE tenant_id = ?");
                PreparedStatement events = c.prepareStatement(
                        "SELECT id FROM ingest.event WHERE tenant_id = ? ORDER BY id")) {
            rules.setString(1, tenant.value());
            rules.executeUpdate();
            events.setString(1, tenant.value());
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = events.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            c.setAutoCommit(false);
            for (int from = 0; from < ids.size(); from += EVENTS_PER_DELETE) {
                deleteEvents(c, ids.subList(from, Math.min(ids.size(), from + EVENTS_PER_DELETE)));
            }
        }
    }

    // As ingest-service deletes an event: under the event's lock, which the storage writer takes for a flush, its
    // datapoints and then the event (rollups and latest values by cascade). Ascending ids, as the writer locks them.
    private static void deleteEvents(Connection c, List<Long> ids) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT pg_advisory_xact_lock(x) FROM unnest(?::bigint[]) x ORDER BY x");
                PreparedStatement datapoints = c.prepareStatement(
                        "DELETE FROM ingest.datapoint WHERE event_id = ANY(?)");
                PreparedStatement events = c.prepareStatement("DELETE FROM ingest.event WHERE id = ANY(?)")) {
            Array array = c.createArrayOf("bigint", ids.toArray());
            for (PreparedStatement statement : List.of(lock, datapoints, events)) {
                statement.setArray(1, array);
                statement.execute();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    private static Connection database() throws SQLException {
        String url = "jdbc:postgresql://" + env("PG_HOST", "localhost") + ":" + env("PG_PORT", "5432") + "/"
                + env("PG_DB", "fieldline");
        return DriverManager.getConnection(url, env("PG_USER", "postgres"), env("PG_PASSWORD", "postgres"));
    }

    // The events go into ingest's table too, so the storage writer stores the datapoints as it would in production
    // (unknown events would only cost it a lookup per flush, a lighter and unrealistic load).
    private static void seedRules(TenantId tenant, List<String> eventIds, int rules) throws Exception {
        try (Connection c = database();
                PreparedStatement events = c.prepareStatement("""
                        INSERT INTO ingest.event (public_id, tenant_id, name, min_value, max_value, unit, type)
                        VALUES (?, ?, ?, 0, 1000, 'u', 'sensor')""");
                PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO rules.rule (public_id, tenant_id, name, event_public_id, operator, threshold,
                            action_type, cooldown_seconds, deadband)
                        VALUES (?, ?, ?, ?, 'gt', 90, 'webhook', 0, 5)""")) {
            for (int i = 0; i < eventIds.size(); i++) {
                events.setString(1, eventIds.get(i));
                events.setString(2, tenant.value());
                events.setString(3, "bench-" + i);
                events.addBatch();
                if (i % 1000 == 999) {
                    events.executeBatch();
                }
            }
            events.executeBatch();
            // Commits every batch of 1000 (autocommit): one long transaction would hold the rules back from
            // replicas that poll updated_on until their watermark catches up with its start.
            for (int i = 0; i < rules; i++) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, tenant.value());
                insert.setString(3, "bench-" + i);
                insert.setString(4, eventIds.get(i % eventIds.size()));
                insert.addBatch();
                if (i % 1000 == 999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private static double evaluatedCounter(String rulesUrl) throws Exception {
        return MetricsScrape.of(URI.create(rulesUrl)).sum("fieldline_rules_datapoints_total");
    }

    private static KafkaProducer<String, String> producer(String kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String name = args[i].substring(2);
                boolean valued = i + 1 < args.length && !args[i + 1].startsWith("--");
                options.put(name, valued ? args[++i] : "true");
            }
        }
        return options;
    }
}
