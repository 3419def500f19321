package io.fieldline.deploy.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The benchmark's settings, from {@code --name=value} flags, else {@code BENCH_*} environment variables, else the
 * defaults: 30 s warm-up, 20 s measured per read scenario in 5 rounds at concurrency 32, login 10 s at concurrency 4.
 *
 * @param warmup how long all paths run together before any is measured, and the login before its measurement
 * @param duration how long each read scenario is measured, over all rounds
 * @param rounds in how many turns the read scenarios are measured (each gets {@code duration / rounds} per turn)
 * @param concurrency requests in flight in each read scenario
 * @param loginDuration how long the login scenario is measured
 * @param loginConcurrency logins in flight
 * @param dataDir the stack's data dir, kept afterwards; null: a temporary one, deleted at the end
 */
record BenchOptions(Duration warmup, Duration duration, int rounds, int concurrency, Duration loginDuration,
        int loginConcurrency, Path dataDir) {

    /** User access tokens live 15 min and minted internal tokens 5 min: a scenario must end well before. */
    static final Duration MAX_SCENARIO = Duration.ofMinutes(4);
    /** Unmeasured at the start of each turn of a read scenario. */
    static final Duration SETTLE = Duration.ofSeconds(1);
    /** The read scenarios measured in turns: gateway with a JWT, with an API token, and direct. */
    static final int READ_SCENARIOS = 3;

    static final String USAGE = """
            Usage: ./deploy/bench-gateway [--warmup=S] [--duration=S] [--rounds=N] [--concurrency=N]
                                          [--login-duration=S] [--login-concurrency=N] [--data-dir=PATH]
              --warmup             seconds of unmeasured warm-up: all paths together, then the login (BENCH_WARMUP_SECONDS, 30)
              --duration           seconds each read scenario is measured        (BENCH_DURATION_SECONDS, 20)
              --rounds             turns the read scenarios take (duration/rounds each) (BENCH_ROUNDS, 5)
              --concurrency        requests in flight per read scenario          (BENCH_CONCURRENCY, 32)
              --login-duration     seconds the login scenario is measured        (BENCH_LOGIN_DURATION_SECONDS, 10)
              --login-concurrency  logins in flight                              (BENCH_LOGIN_CONCURRENCY, 4)
              --data-dir           keep the stack's data here (FIELDLINE_DATA_DIR; default: a temporary dir)
            The stack itself is configured as for ./deploy/run (deploy/README.md); ports are free ones unless
            FIELDLINE_PORT_BASE is set.""";

    BenchOptions {
        if (warmup.isNegative() || duration.compareTo(Duration.ZERO) <= 0
                || loginDuration.compareTo(Duration.ZERO) <= 0) {
            throw new IllegalArgumentException("Durations must be positive (warm-up may be 0)");
        }
        if (rounds < 1 || duration.toSeconds() < rounds) {
            throw new IllegalArgumentException("Rounds must be at least 1 and at most the duration in seconds");
        }
        Duration reads = duration.plus(SETTLE.multipliedBy(rounds)).multipliedBy(READ_SCENARIOS);
        if (warmup.compareTo(MAX_SCENARIO) > 0 || reads.compareTo(MAX_SCENARIO) > 0
                || warmup.plus(loginDuration).compareTo(MAX_SCENARIO) > 0) {
            throw new IllegalArgumentException("The warm-up, the read rounds together and the login must each stay"
                    + " within " + MAX_SCENARIO.toSeconds() + " s: the credentials are minted once for them");
        }
        if (concurrency < 1 || loginConcurrency < 1) {
            throw new IllegalArgumentException("Concurrency must be at least 1");
        }
    }

    /**
     * Parses the flags over the environment.
     *
     * @throws IllegalArgumentException on an unknown flag or a bad value
     */
    static BenchOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("Unknown argument '" + arg + "'");
            }
            values.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        Settings settings = new Settings(values, env);
        BenchOptions options = new BenchOptions(
                Duration.ofSeconds(settings.number("warmup", "BENCH_WARMUP_SECONDS", 30)),
                Duration.ofSeconds(settings.number("duration", "BENCH_DURATION_SECONDS", 20)),
                settings.number("rounds", "BENCH_ROUNDS", 5),
                settings.number("concurrency", "BENCH_CONCURRENCY", 32),
                Duration.ofSeconds(settings.number("login-duration", "BENCH_LOGIN_DURATION_SECONDS", 10)),
                settings.number("login-concurrency", "BENCH_LOGIN_CONCURRENCY", 4),
                settings.path("data-dir", "FIELDLINE_DATA_DIR"));
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("Unknown flag(s): --" + String.join(", --", values.keySet()));
        }
        return options;
    }

    /** Reads (and consumes) one setting: the flag, else the environment variable, else the default. */
    private record Settings(Map<String, String> flags, Map<String, String> env) {

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
