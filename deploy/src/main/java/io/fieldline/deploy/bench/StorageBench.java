package io.fieldline.deploy.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.deploy.LauncherLogs;
import io.fieldline.model.PublicIds;
import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import io.fieldline.testsupport.EmbeddedKafkaBroker;
import io.fieldline.testsupport.EmbeddedPostgresServer;
import io.fieldline.testsupport.IdentityKeys;
import io.fieldline.testsupport.MintedIdentity;
import io.fieldline.testsupport.Tokens;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Storage benchmark of ingest-service (run by {@code deploy/bench-storage}): starts PostgreSQL, Kafka and the
 * packaged service with a small heap, then measures (1) the aggregate endpoint on 10 million rows of one tenant over
 * 30 days, (2) the CSV export of a 1,000,000-row experiment (time and the service's peak memory), (3) the writer's
 * rows/s and acceptance-to-stored lag for records pushed into Kafka. Flags: {@code --rows N --export-rows N
 * --writer-points N --writer-events N --writer-per-record N --heap 64m}; many events with few points per record is
 * the writer's hard case (a latest value and a rollup row per event and flush, little to coalesce).
 */
public final class StorageBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Tokens TOKENS;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private StorageBench() {
    }

    public static void main(String[] args) throws Exception {
        LauncherLogs.quiet();
        long rows = longFlag(args, "--rows", 10_000_000);
        long exportRows = longFlag(args, "--export-rows", 1_000_000);
        long writerPoints = longFlag(args, "--writer-points", 1_000_000);
        int writerEvents = (int) longFlag(args, "--writer-events", 12);
        int writerPerRecord = (int) longFlag(args, "--writer-per-record", 500);
        String heap = flag(args, "--heap", "64m");
        Path work = Files.createTempDirectory("fieldline-storage-bench");
        Path jar = Path.of("ingest-service/target/quarkus-app/quarkus-run.jar");
        IdentityKeys keys = IdentityKeys.loadOrCreate(work.resolve("identity"));
        TOKENS = new Tokens(keys);
        Tokens tokens = TOKENS;
        MintedIdentity admin = tokens.internal(TenantId.of("bench-" + UUID.randomUUID().toString().substring(0, 8)),
                Role.ADMIN);
        String tenant = admin.tenant().value();
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(null, 0);
                EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(0, 0, null);
                IngestProcess service = IngestProcess.start(jar, heap, postgres, kafka.bootstrapServers(),
                        keys.publicKeyPem(), work.resolve("ingest-service.log"));
                StorageLoad load = new StorageLoad(postgres)) {
            System.out.printf(Locale.ROOT, "ingest-service up with -Xmx%s (log: %s)%n", heap,
                    work.resolve("ingest-service.log"));
            Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);

            // 1. Aggregates over 10 M rows / 30 days
            String event = createEvent(service, admin, "Aggregate");
            double seconds = load.load(load.eventId(event), tenant, null, rows, 30, end);
            System.out.printf(Locale.ROOT, "loaded %,d rows over 30 days in %.1f s (generate_series + rollups)%n",
                    load.count(tenant), seconds);
            for (String interval : List.of("1m", "1h", "1d")) {
                timeAggregate(service, admin, event, end.minus(30, ChronoUnit.DAYS), end, interval);
            }
            System.out.printf(Locale.ROOT, "  in the database alone (EXPLAIN ANALYZE, 1m and 1d): %.1f ms, %.1f ms%n",
                    load.explainAggregate(tenant, event, end.minus(30, ChronoUnit.DAYS), end, false),
                    load.explainAggregate(tenant, event, end.minus(30, ChronoUnit.DAYS), end, true));

            // 2. CSV export of a 1 M-row experiment with a small heap
            if (exportRows > 0) {
                export(service, admin, load, tenant, exportRows, end);
            }

            // 3. Writer throughput: records (by default of 500 points, over 12 events: several partitions and writer
            // threads) pushed into Kafka, timed until stored
            if (writerPoints > 0) {
                MintedIdentity writerTenant = tokens.internal(TenantId.of("bench-w-" + UUID.randomUUID().toString()
                        .substring(0, 8)), Role.ADMIN);
                List<String> events = new ArrayList<>();
                for (int i = 0; i < writerEvents; i++) {
                    events.add(createEvent(service, writerTenant, "Writer " + i));
                }
                timeWriter(kafka.bootstrapServers(), load, writerTenant.tenant().value(), events, writerPoints,
                        writerPerRecord);
            }
            System.out.printf(Locale.ROOT, "service peak RSS %d MiB (heap limit %s), alive=%s%n",
                    service.peakRssMiB(), heap, service.isAlive());
        }
    }

    private static void export(IngestProcess service, MintedIdentity admin, StorageLoad load, String tenant,
            long exportRows, Instant end) throws Exception {
        String exportEvent = createEvent(service, admin, "Export");
        String experiment = load.experiment(tenant, UUID.randomUUID().toString(), "Bench run");
        load.load(load.eventId(exportEvent), tenant, experiment, exportRows, 1, end);
        timeExport(service, admin, experiment);
    }

    private static void timeAggregate(IngestProcess service, MintedIdentity caller, String event, Instant from,
            Instant to, String interval) throws Exception {
        URI uri = URI.create(service.baseUri() + "/api/v1/datapoints/aggregate?event_public_ids=" + event + "&from="
                + from + "&to=" + to + "&interval=" + interval);
        long[] millis = new long[6];
        int buckets = 0;
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = HTTP.send(get(uri, caller), HttpResponse.BodyHandlers.ofString());
            millis[i] = (System.nanoTime() - start) / 1_000_000;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("aggregate answered " + response.statusCode() + ": "
                        + response.body());
            }
            buckets = JSON.readTree(response.body()).get("data").get(event).size();
        }
        long[] warm = Arrays.copyOfRange(millis, 1, millis.length);
        Arrays.sort(warm);
        System.out.printf(Locale.ROOT, "aggregate 30 days interval=%s: %d buckets, first %d ms, warm median %d ms, "
                + "max %d ms (HTTP, incl. JSON)%n", interval, buckets, millis[0], warm[warm.length / 2],
                warm[warm.length - 1]);
    }

    private static void timeExport(IngestProcess service, MintedIdentity caller, String experiment)
            throws Exception {
        URI uri = URI.create(service.baseUri() + "/api/v1/experiments/" + experiment + "/export/csv");
        long start = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(get(uri, caller), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long lines = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream body = response.body()) {
            for (int n; (n = body.read(buffer)) > 0;) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "CSV export: status %d, %,d lines (incl. header), %.1f MB in %.1f s "
                + "(%.0f rows/s); service peak RSS so far %d MiB, alive=%s%n", response.statusCode(), lines,
                bytes / 1e6, seconds, (lines - 1) / seconds, service.peakRssMiB(), service.isAlive());
    }

    private static void timeWriter(String bootstrap, StorageLoad load, String tenant, List<String> events,
            long points, int perRecord) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        long records = points / perRecord;
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            List<Future<?>> acks = new ArrayList<>();
            for (long r = 0; r < records; r++) {
                String event = events.get((int) (r % events.size()));
                acks.add(producer.send(new ProducerRecord<>("fieldline.datapoints.v1", tenant + "/" + event,
                        record(tenant, event, perRecord))));
                if (acks.size() >= 1000) {
                    for (Future<?> ack : acks) {
                        ack.get();
                    }
                    acks.clear();
                }
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
        }
        double produced = (System.nanoTime() - start) / 1e9;
        long expected = records * perRecord;
        long stored;
        while ((stored = load.count(tenant)) < expected) {
            Thread.sleep(100);
            if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
                break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] lag = load.lagMillis(tenant);
        System.out.printf(Locale.ROOT,
                "writer: %,d datapoints (%d per record, %d events) produced in %.1f s, all stored after %.1f s "
                        + "(%,.0f rows/s end to end); stored %,d of %,d (exactly once: %s); acceptance-to-stored lag "
                        + "p50 %.0f ms, p99 %.0f ms (a backlog drains, so lag grows with the run)%n",
                expected, perRecord, events.size(), produced, seconds, expected / seconds, stored, expected,
                stored == expected, lag[0], lag[1]);
    }

    private static String record(String tenant, String event, int points) {
        StringBuilder json = new StringBuilder(points * 120);
        String now = Instant.now().toString();
        json.append("{\"tenant_id\":\"").append(tenant).append("\",\"event_id\":\"").append(event)
                .append("\",\"received_at\":\"").append(now).append("\",\"datapoints\":[");
        for (int i = 0; i < points; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\":\"").append(PublicIds.newTimeOrderedId())
                    .append("\",\"value\":")
                    .append(i).append(",\"timestamp\":\"").append(now).append("\",\"quality\":\"GOOD\"}");
        }
        return json.append("]}").toString();
    }

    private static String createEvent(IngestProcess service, MintedIdentity caller, String name) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.baseUri() + "/api/v1/events"))
                .header("Authorization", fresh(caller).bearer()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"type\":\"sensor\","
                        + "\"unit\":\"C\",\"min_value\":0,\"max_value\":100}", UTF_8))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("create event answered " + response.statusCode() + ": " + body);
        }
        return body.get("public_id").asText();
    }

    // Identity tokens live minutes and loading takes longer: mint a fresh one for the caller's tenant per request.
    private static HttpRequest get(URI uri, MintedIdentity caller) {
        return HttpRequest.newBuilder(uri).header("Authorization", fresh(caller).bearer())
                .timeout(Duration.ofMinutes(5))
                .GET().build();
    }

    private static MintedIdentity fresh(MintedIdentity caller) {
        return TOKENS.internal(caller.tenant(), caller.role());
    }

    private static String flag(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static long longFlag(String[] args, String name, long fallback) {
        return Long.parseLong(flag(args, name, Long.toString(fallback)));
    }
}
