package io.fieldline.deploy.bench;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.fieldline.deploy.LauncherLogs;
import io.fieldline.deploy.RunningStack;
import io.fieldline.deploy.Service;

/**
 * {@code ./deploy/bench-ingest}: starts the dev stack like {@code ./deploy/run}, creates events and an API token
 * through the gateway, then measures the hot path end to end: (a) 500-point batches over HTTP through the gateway
 * (accepted datapoints/s), (b) single-datapoint requests (req/s, p50/p99), (c) batches over the telemetry socket;
 * finally it waits until the storage writer has stored every accepted datapoint and reports the acceptance-to-stored
 * lag (p50/p99, from {@code stored_at - received_at}) and whether each is stored exactly once. Not a test: it prints
 * numbers, and fails (exit 1) when requests break or the count check fails.
 */
public final class IngestBench {

    static final double TARGET_DATAPOINTS_PER_SECOND = 50_000;
    static final double TARGET_LAG_P99_MILLIS = 2_000;
    static final double TARGET_SINGLE_PER_SECOND = 5_000;

    private final IngestBenchOptions options;
    private final PrintStream out;
    private final HttpClient http;
    private final BenchReport report;

    private IngestBench(IngestBenchOptions options, PrintStream out, HttpClient http) {
        this.options = options;
        this.out = out;
        this.http = http;
        this.report = new BenchReport(out);
    }

    /** Runs the benchmark from the repository root; exit code 0, or 1 when it failed, 2 on bad usage. */
    public static void main(String[] args) {
        LauncherLogs.quiet();
        PrintStream out = StackBench.console();
        IngestBenchOptions options;
        try {
            if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
                out.println(IngestBenchOptions.USAGE);
                return;
            }
            options = IngestBenchOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            out.println("  ✗ " + e.getMessage());
            out.println(IngestBenchOptions.USAGE);
            System.exit(2);
            return;
        }
        IngestBenchOptions parsed = options;
        StackBench.run(out, () -> BenchStack.prepare(parsed.dataDir(), System.getenv()),
                (stack, benchStack, http) -> new IngestBench(parsed, out, http).run(stack, benchStack));
    }

    private boolean run(RunningStack stack, BenchStack benchStack) throws Exception {
        BenchSetup setup = new BenchSetup(http, stack.gatewayUrl());
        String email = stack.initialAdmin().email();
        String session = setup.login(email, benchStack.adminPassword());
        String tenant = setup.tenantOf(session);
        String apiToken = setup.createApiToken(session, "ingest-bench");
        List<String> events = new ArrayList<>();
        for (int i = 0; i < options.events(); i++) {
            events.add(setup.createEvent(session, "bench-" + i));
        }
        out.printf(
                "%nTenant %s, %d events, API token; %d s warm-up of the fresh stack, then %d s per scenario; all load"
                        + " through the gateway %s%n",
                tenant, events.size(), options.stackWarmup().toSeconds(),
                options.warmup().toSeconds(), stack.gatewayUrl());

        IngestLoad.Sender batchSender = IngestSenders.httpBatches(stack.gatewayUrl(), apiToken, events,
                options.batchSize());
        IngestLoad.Sender singleSender = IngestSenders.httpSingles(stack.gatewayUrl(), apiToken, events);
        IngestLoad.Sender socketSender = options.socketDuration().isZero() ? null
                : IngestSenders.sockets(http, stack.gatewayUrl(), apiToken, events, options.batchSize(),
                        options.connections());
        long accepted = warmUpTogether(batchSender, singleSender, socketSender);

        List<ScenarioResult> table = new ArrayList<>();
        settle(stack, tenant, accepted);
        IngestLoad.Result batches = measure(table, "(a) HTTP batches of " + options.batchSize(), batchSender,
                options.connections(), options.duration());
        accepted += batches.acceptedTotal();
        settle(stack, tenant, accepted);
        IngestLoad.Result singles = measure(table, "(b) HTTP single datapoints", singleSender,
                options.singleConcurrency(), options.singleDuration());
        accepted += singles.acceptedTotal();
        IngestLoad.Result sockets = null;
        if (socketSender != null) {
            settle(stack, tenant, accepted);
            sockets = measure(table, "(c) socket batches of " + options.batchSize(), socketSender,
                    options.connections(), options.socketDuration());
            accepted += sockets.acceptedTotal();
        }
        Sustained sustained = null;
        if (!options.sustainDuration().isZero()) {
            settle(stack, tenant, accepted);
            sustained = sustain(table, batchSender);
            accepted += sustained.result().acceptedTotal();
        }
        report.table(table);
        boolean failed = table.stream().anyMatch(result -> result.failures() > 0 || result.requests() == 0);
        table.stream().filter(result -> result.failures() > 0).forEach(report::failure);

        out.println();
        out.printf(Locale.ROOT, "Accepted: %,.0f datapoints/s with HTTP batches (target ≥ %,.0f: %s)%n",
                batches.acceptedPerSecond(), TARGET_DATAPOINTS_PER_SECOND,
                verdict(batches.acceptedPerSecond() >= TARGET_DATAPOINTS_PER_SECOND));
        out.printf(Locale.ROOT,
                "          %,.0f single-datapoint requests/s, p50 %.2f ms, p99 %.2f ms (target ≥ %,.0f/s:"
                        + " %s)%n",
                singles.scenario().throughput(), singles.scenario().percentileMillis(50),
                singles.scenario().percentileMillis(99), TARGET_SINGLE_PER_SECOND,
                verdict(singles.scenario().throughput() >= TARGET_SINGLE_PER_SECOND));
        if (sockets != null) {
            out.printf(Locale.ROOT, "          %,.0f datapoints/s with socket batches%n", sockets.acceptedPerSecond());
        }
        if (sustained != null) {
            out.printf(Locale.ROOT, "          %,.0f datapoints/s accepted when %,d/s were offered evenly%n",
                    sustained.result().acceptedPerSecond(), options.rate());
        }
        return storage(stack, tenant, accepted, sustained) && !failed;
    }

    /** The sustained scenario's outcome and the window its measured datapoints were received in. */
    private record Sustained(IngestLoad.Result result, Instant from, Instant to) {
    }

    /** (d) batches offered at a fixed rate: the load whose acceptance-to-stored lag the target is about. */
    private Sustained sustain(List<ScenarioResult> table, IngestLoad.Sender batchSender) {
        String name = String.format(Locale.ROOT, "(d) sustained %,d datapoints/s", options.rate());
        out.printf("  %-34s HTTP batches of %d, evenly paced, %d s warm-up + %d s%n", name, options.batchSize(),
                options.warmup().toSeconds(), options.sustainDuration().toSeconds());
        Instant from = Instant.now().plus(options.warmup());
        IngestLoad.Result result = IngestLoad.run(name, batchSender, options.rate() / (double) options.batchSize(),
                options.connections() * 2, options.warmup(), options.sustainDuration(), out);
        Instant to = Instant.now();
        table.add(result.scenario());
        out.printf(Locale.ROOT, "  %-34s %,.0f datapoints/s accepted, %,.0f req/s, %s%n", "", result
                .acceptedPerSecond(), result.scenario().throughput(), result.scenario().describeStatuses());
        return new Sustained(result, from, to);
    }

    private boolean storage(RunningStack stack, String tenant, long accepted, Sustained sustained)
            throws Exception {
        try (StorageCheck check = new StorageCheck(stack.postgres(), tenant, stack.serviceUrl(Service.INGEST))) {
            Duration caughtUp = check.awaitStored(accepted, options.storeTimeout(), out);
            StorageCheck.Stored stored = check.summary();
            out.printf(Locale.ROOT, "Stored:   %,d rows for %,d accepted datapoints (%,d distinct public ids)%s%n",
                    stored.rows(), accepted, stored.distinctIds(),
                    caughtUp == null ? " — the writer did NOT catch up within " + options.storeTimeout().toSeconds()
                            + " s"
                            : String.format(Locale.ROOT, ", caught up %.1f s after the load", caughtUp
                                    .toMillis() / 1e3));
            if (sustained == null) {
                lag("Lag acceptance → stored", stored);
            } else {
                out.printf(Locale.ROOT, "Lag acceptance → stored, all scenarios (closed-loop backlogs included): "
                        + "p50 %.0f ms, p99 %.0f ms%n", stored.lagP50Millis(), stored.lagP99Millis());
                lag(String.format(Locale.ROOT, "Lag acceptance → stored at a sustained %,d datapoints/s",
                        options.rate()), check.summary(sustained.from(), sustained.to()));
            }
            out.println("(This box: one Kafka broker ≈ 210k records/s, indexed INSERTs ≈ 100k rows/s — STACK.md;"
                    + " broker, database, five services and this load generator share its 2 cores.)");
            boolean exact = stored.rows() == accepted && stored.distinctIds() == stored.rows();
            out.println(exact ? "Count check: every accepted datapoint is stored exactly once."
                    : "FAILED count check: stored " + stored.rows() + " (distinct " + stored.distinctIds()
                            + ") for " + accepted + " accepted");
            return exact;
        }
    }

    private void lag(String what, StorageCheck.Stored stored) {
        out.printf(Locale.ROOT, "%s: p50 %.0f ms, p99 %.0f ms, max %.0f ms (target p99 < %.0f ms: %s)%n", what,
                stored.lagP50Millis(), stored.lagP99Millis(), stored.lagMaxMillis(), TARGET_LAG_P99_MILLIS,
                verdict(stored.lagP99Millis() < TARGET_LAG_P99_MILLIS));
    }

    /**
     * Waits until the writer has stored what earlier scenarios left in Kafka, so a scenario is not measured while
     * the pipeline still digests the previous one's backlog.
     */
    private void settle(RunningStack stack, String tenant, long accepted) throws Exception {
        try (StorageCheck check = new StorageCheck(stack.postgres(), tenant, stack.serviceUrl(Service.INGEST))) {
            Duration took = check.awaitStored(accepted, options.storeTimeout(), out);
            if (took != null && took.toMillis() >= 1_000) {
                out.printf(Locale.ROOT, "  %-34s %.1f s for the writer to store the previous backlog%n", "",
                        took.toMillis() / 1e3);
            }
        }
    }

    /**
     * Runs every path interleaved before any is measured, so the first scenario does not pay alone for the JIT
     * compilation of the code all of them share (gateway, intake, producer, writer). Returns the datapoints accepted.
     */
    private long warmUpTogether(IngestLoad.Sender batches, IngestLoad.Sender singles, IngestLoad.Sender sockets) {
        List<IngestLoad.Sender> paths = sockets == null ? List.of(batches, singles)
                : List.of(batches, singles, sockets);
        // Worker i sends over path i % n as that path's worker i / n: each path gets `connections` workers.
        IngestLoad.Sender mixed = worker -> paths.get(worker % paths.size()).send(worker / paths.size());
        out.printf("  %-34s %d s%n", "warm-up, all paths together", options.stackWarmup().toSeconds());
        return IngestLoad.run("warm-up", mixed, options.connections() * paths.size(), options.stackWarmup(),
                Duration.ZERO, out).acceptedTotal();
    }

    private IngestLoad.Result measure(List<ScenarioResult> table, String name, IngestLoad.Sender sender,
            int concurrency, Duration duration) {
        out.printf("  %-34s concurrency %d, %d s warm-up + %d s%n", name, concurrency, options.warmup().toSeconds(),
                duration.toSeconds());
        IngestLoad.Result result = IngestLoad.run(name, sender, concurrency, options.warmup(), duration, out);
        table.add(result.scenario());
        out.printf(Locale.ROOT, "  %-34s %,.0f datapoints/s accepted, %,.0f req/s, %s%n", "", result
                .acceptedPerSecond(), result.scenario().throughput(), result.scenario().describeStatuses());
        return result;
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }
}
