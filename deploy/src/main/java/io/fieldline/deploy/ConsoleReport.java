package io.fieldline.deploy;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** Prints the launcher's console output: one line per ready component, the summary, and failures. */
final class ConsoleReport {

    static final int LOG_TAIL_LINES = 30;

    private final PrintStream out;

    ConsoleReport(PrintStream out) {
        this.out = out;
    }

    void starting(StackOptions options) {
        out.println("Starting Fieldline (data in " + display(options.repoRoot(), options.dataDir()) + ")");
    }

    void ready(String component, long startNanos, String where) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        out.println(String.format(Locale.ROOT, "  ✓ %-16s ready in %4.1f s (%s)", component, seconds, where));
    }

    void external(String component, String where) {
        out.println(String.format(Locale.ROOT, "  ✓ %-16s external    (%s)", component, where));
    }

    void summary(RunningStack stack) {
        StackOptions options = stack.options();
        String gateway = stack.gatewayUrl().toString();
        out.println();
        out.println(String.format(Locale.ROOT, "Fieldline is ready in %.1f s.", stack.timeToReady().toMillis() / 1e3));
        out.println();
        row("Gateway", gateway + "   (the public API: " + gateway + "/api/v1)");
        for (int replica = 2; replica <= options.gatewayReplicas(); replica++) {
            row(StackOptions.gatewayName(replica), stack.gatewayUrls().get(replica - 1) + "   (the same API)");
        }
        row("Health", gateway + "/health");
        row("API docs", gateway + "/q/swagger-ui");
        for (Service service : Service.values()) {
            if (service.isBackend()) {
                row(service.moduleName(), stack.serviceUrl(service) + "   (internal: wants an identity token)");
            }
        }
        row("Kafka", stack.kafkaBootstrapServers());
        row("PostgreSQL", stack.postgres().describe());
        out.println();
        InitialAdmin admin = stack.initialAdmin();
        row("Admin email", admin.email());
        switch (admin.origin()) {
            case GENERATED -> row("Admin password", admin.password() + "   (generated now; shown only this once)");
            case GIVEN -> row("Admin password", "as given in INITIAL_ADMIN_PASSWORD");
            default -> row("Admin password", "set on the first run (printed then); rm -rf "
                    + display(options.repoRoot(), options.dataDir()) + " starts afresh");
        }
        out.println();
        out.println("Logs in " + display(options.repoRoot(), options.dataDir().resolve("logs"))
                + "/<component>.log. Stop with Ctrl-C.");
    }

    void unexpectedExit(ManagedProcess process) {
        out.println("  ✗ " + process.name() + " exited unexpectedly with code " + process.exitCode()
                + "; the rest keeps running. Last lines of " + process.log() + ":");
        LogTail.lastLines(process.log(), LOG_TAIL_LINES).forEach(line -> out.println("    | " + line));
    }

    void failure(StackStartException failure) {
        out.println("  ✗ " + failure.getMessage());
        for (Path log : failure.logs()) {
            out.println("    --- last " + LOG_TAIL_LINES + " lines of " + log + " ---");
            LogTail.lastLines(log, LOG_TAIL_LINES).forEach(line -> out.println("    | " + line));
        }
    }

    void adminCreatedBeforeFailure(InitialAdmin admin) {
        out.println("  The gateway created the initial admin before the failure; keep these credentials:");
        row("Admin email", admin.email());
        row("Admin password", admin.password());
    }

    void stopping() {
        out.println("Stopping Fieldline (services, then Kafka, then PostgreSQL)...");
    }

    void stopped() {
        out.println("Stopped.");
    }

    private void row(String label, String value) {
        out.println(String.format(Locale.ROOT, "  %-16s %s", label, value));
    }

    /** Paths under the repository are shown relative to it, as the user started from there. */
    private static String display(Path repoRoot, Path path) {
        return path.startsWith(repoRoot) ? repoRoot.relativize(path).toString() : path.toString();
    }
}
