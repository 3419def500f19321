package io.fieldline.deploy.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints the results table, the gateway's overhead against the targets, and the login latency. */
final class BenchReport {

    /** The gateway may add less than this at p50 ... */
    static final double MAX_ADDED_P50_MILLIS = 2.0;
    /** ... and must keep at least this share of the direct throughput. */
    static final double MIN_THROUGHPUT_SHARE = 0.60;

    private static final String ROW = "%-28s %9s %9s %8s %8s %8s %9s  %s%n";

    private final PrintStream out;

    BenchReport(PrintStream out) {
        this.out = out;
    }

    void table(List<ScenarioResult> results) {
        out.println();
        out.printf(Locale.ROOT, ROW, "scenario", "requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms",
                "statuses");
        for (ScenarioResult result : results) {
            out.printf(Locale.ROOT, ROW, result.name(), result.requests(), format(result.throughput(), 1),
                    format(result.percentileMillis(50), 2), format(result.percentileMillis(90), 2),
                    format(result.percentileMillis(99), 2), format(result.maxMillis(), 2), result.describeStatuses());
        }
    }

    /** The gateway path compared with the direct call to the service. */
    void overhead(String credential, ScenarioResult gateway, ScenarioResult direct) {
        double added = gateway.percentileMillis(50) - direct.percentileMillis(50);
        double share = direct.throughput() == 0 ? 0 : gateway.throughput() / direct.throughput();
        out.printf(Locale.ROOT, "  %-10s p50 %+.2f ms added (target < %.0f ms: %s);  throughput %.0f %% of direct"
                + " (target ≥ %.0f %%: %s)%n", credential, added, MAX_ADDED_P50_MILLIS,
                verdict(added < MAX_ADDED_P50_MILLIS), share * 100, MIN_THROUGHPUT_SHARE * 100,
                verdict(share >= MIN_THROUGHPUT_SHARE));
    }

    void overheadHeader() {
        out.println();
        out.println("Gateway overhead (gateway vs. ingest-service called directly; same GET, same concurrency):");
    }

    void login(ScenarioResult login) {
        out.println();
        out.printf(Locale.ROOT, "Login (bcrypt by design): p50 %.1f ms, p99 %.1f ms, %.1f logins/s%n",
                login.percentileMillis(50), login.percentileMillis(99), login.throughput());
    }

    void failure(ScenarioResult result) {
        out.println();
        out.println("FAILED: " + result.name() + ": " + result.failures() + " request(s) got 401, 5xx or no answer;"
                + " first: " + result.firstFailure());
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static String format(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
