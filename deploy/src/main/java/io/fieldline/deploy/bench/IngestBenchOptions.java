package io.fieldline.deploy.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The ingest benchmark's settings, from {@code --name=value} flags, else {@code BENCH_*} environment variables, else
 * the defaults.
 *
 * @param stackWarmup how long all paths run together on the fresh stack before any scenario
 * @param warmup how long each scenario runs unmeasured first
 * @param duration how long the batch scenarios are measured
 * @param connections HTTP requests (or sockets) in flight in the batch scenarios
 * @param batchSize datapoints per batch
 * @param events how many events the datapoints are spread over
 * @param singleConcurrency requests in flight in the single-datapoint scenario
 * @param singleDuration how long the single-datapoint scenario is measured
 * @param socketDuration how long the socket scenario is measured; 0 skips it
 * @param rate datapoints/s offered in the sustained scenario, whose acceptance-to-stored lag is reported
 * @param sustainDuration how long the sustained scenario is measured; 0 skips it
 * @param storeTimeout how long to wait for the writer to store every accepted datapoint
 * @param dataDir the stack's data dir, kept afterwards; null: a temporary one, deleted at the end
 */
record IngestBenchOptions(Duration stackWarmup, Duration warmup, Duration duration, int connections, int batchSize,
        int events, int singleConcurrency, Duration singleDuration, Duration socketDuration, int rate,
        Duration sustainDuration, Duration storeTimeout, Path dataDir) {

    static final String USAGE = """
            Usage: ./deploy/bench-ingest [--stack-warmup=S] [--warmup=S] [--duration=S] [--connections=N]
                                         [--batch-size=N] [--events=N] [--single-concurrency=N] [--single-duration=S]
                                         [--socket-duration=S] [--rate=N] [--sustain-duration=S] [--store-timeout=S]
                                         [--data-dir=PATH]
              --stack-warmup        seconds all paths run together first, on the fresh stack, so the JVMs have
                                    compiled the hot paths before anything is measured
                                                                                    (BENCH_STACK_WARMUP_SECONDS, 120)
              --warmup              seconds each scenario runs unmeasured first     (BENCH_WARMUP_SECONDS, 30)
              --duration            seconds the HTTP batch scenario is measured     (BENCH_DURATION_SECONDS, 20)
              --connections         batches in flight (HTTP requests / sockets)     (BENCH_CONNECTIONS, 8)
              --batch-size          datapoints per batch                            (BENCH_BATCH_SIZE, 500)
              --events              events the datapoints are spread over           (BENCH_EVENTS, 20)
              --single-concurrency  single-datapoint requests in flight             (BENCH_SINGLE_CONCURRENCY, 128)
              --single-duration     seconds the single-datapoint scenario runs      (BENCH_SINGLE_DURATION_SECONDS, 10)
              --socket-duration     seconds the telemetry-socket scenario runs; 0 skips it
                                                                                    (BENCH_SOCKET_DURATION_SECONDS, 10)
              --rate                datapoints/s offered, evenly paced, in the sustained scenario (BENCH_RATE, 50000)
              --sustain-duration    seconds the sustained scenario is measured; 0 skips it
                                                                                    (BENCH_SUSTAIN_DURATION_SECONDS, 20)
              --store-timeout       seconds to wait until every accepted point is stored (BENCH_STORE_TIMEOUT_SECONDS, 120)
              --data-dir            keep the stack's data here (FIELDLINE_DATA_DIR; default: a temporary dir)
            The stack is configured as for ./deploy/run (deploy/README.md), e.g. FIELDLINE_INGEST_* knobs from the
            environment; ports are free ones unless FIELDLINE_PORT_BASE is set.""";

    IngestBenchOptions {
        if (stackWarmup.isNegative() || warmup.isNegative() || duration.isZero() || duration.isNegative()
                || singleDuration.isZero() || singleDuration.isNegative() || socketDuration.isNegative()
                || sustainDuration.isNegative() || storeTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "Durations must be positive (warm-ups, socket and sustain duration may be 0)");
        }
        if (connections < 1 || singleConcurrency < 1 || events < 1 || batchSize < 1 || rate < 1) {
            throw new IllegalArgumentException("Counts must be at least 1");
        }
    }

    /**
     * Parses the flags over the environment.
     *
     * @throws IllegalArgumentException on an unknown flag or a bad value
     */
    static IngestBenchOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> flags = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("Unknown argument '" + arg + "'");
            }
            flags.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        Settings s = new Settings(flags, env);
        IngestBenchOptions options = new IngestBenchOptions(
                s.seconds("stack-warmup", "BENCH_STACK_WARMUP_SECONDS", 120),
                s.seconds("warmup", "BENCH_WARMUP_SECONDS", 30),
                s.seconds("duration", "BENCH_DURATION_SECONDS", 20),
                s.number("connections", "BENCH_CONNECTIONS", 8),
                s.number("batch-size", "BENCH_BATCH_SIZE", 500),
                s.number("events", "BENCH_EVENTS", 20),
                s.number("single-concurrency", "BENCH_SINGLE_CONCURRENCY", 128),
                s.seconds("single-duration", "BENCH_SINGLE_DURATION_SECONDS", 10),
                s.seconds("socket-duration", "BENCH_SOCKET_DURATION_SECONDS", 10),
                s.number("rate", "BENCH_RATE", 50_000),
                s.seconds("sustain-duration", "BENCH_SUSTAIN_DURATION_SECONDS", 20),
                s.seconds("store-timeout", "BENCH_STORE_TIMEOUT_SECONDS", 120),
                s.path("data-dir", "FIELDLINE_DATA_DIR"));
        if (!flags.isEmpty()) {
            throw new IllegalArgumentException("Unknown flag(s): --" + String.join(", --", flags.keySet()));
        }
        return options;
    }

    /** Reads (and consumes) one setting: the flag, else the environment variable, else the default. */
    private record Settings(Map<String, String> flags, Map<String, String> env) {

        Duration seconds(String flag, String variable, int fallback) {
            return Duration.ofSeconds(number(flag, variable, fallback));
        }

        int number(String flag, String variable, int fallback) {
            String value = raw(flag, variable);
            if (value == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + flag + " (" + variable + ") must be a number, was '"
                        + value + "'", e);
            }
        }

        Path path(String flag, String variable) {
            String value = raw(flag, variable);
            return value == null ? null : Path.of(value).toAbsolutePath().normalize();
        }

        private String raw(String flag, String variable) {
            String value = flags.remove(flag);
            if (value == null) {
                value = env.get(variable);
            }
            return value == null || value.isBlank() ? null : value;
        }
    }
}
