package io.fieldline.deploy.bench;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.fieldline.deploy.LauncherLogs;
import io.fieldline.deploy.RunningStack;
import io.fieldline.deploy.Service;
import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import io.fieldline.testsupport.Tokens;

/**
 * {@code ./deploy/bench-gateway}: starts the dev stack like {@code ./deploy/run}, then measures what the gateway
 * adds to a request (authentication against the database, the internal identity token, the proxy hop) by driving
 * the same GET through the gateway with a user JWT, through it with an API token, and straight to ingest-service
 * with an internal token, in turns; finally the login (bcrypt-bound by design). Not a test: it prints numbers and
 * fails only when requests are refused or break (401, 5xx, no answer).
 */
public final class GatewayBench {

    private static final String PATH = "/api/v1/events";

    private final BenchOptions options;
    private final PrintStream out;
    private final HttpClient http;
    private final BenchReport report;

    private GatewayBench(BenchOptions options, PrintStream out, HttpClient http) {
        this.options = options;
        this.out = out;
        this.http = http;
        this.report = new BenchReport(out);
    }

    /** Runs the benchmark from the repository root; exit code 0, or 1 when requests failed, 2 on bad usage. */
    public static void main(String[] args) {
        LauncherLogs.quiet();
        PrintStream out = StackBench.console();
        BenchOptions options;
        try {
            if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
                out.println(BenchOptions.USAGE);
                return;
            }
            options = BenchOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            out.println("  ✗ " + e.getMessage());
            out.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        BenchOptions parsed = options;
        StackBench.run(out, () -> BenchStack.prepare(parsed, System.getenv()),
                (stack, benchStack, http) -> new GatewayBench(parsed, out, http).run(stack, benchStack));
    }

    private boolean run(RunningStack stack, BenchStack benchStack) {
        BenchSetup setup = new BenchSetup(http, stack.gatewayUrl());
        String email = stack.initialAdmin().email();
        String password = benchStack.adminPassword();
        String tenant = setup.tenantOf(setup.login(email, password));
        String apiToken = setup.createApiToken(setup.login(email, password), "gateway-bench");
        out.printf("%nAdmin %s, tenant %s; %d s warm-up, then %d s measured per scenario, concurrency %d;"
                + " GET %s (the tenant's event list, one page)%n",
                email, tenant, options.warmup().toSeconds(), options.duration().toSeconds(), options.concurrency(),
                PATH);

        List<ScenarioResult> results = new ArrayList<>();
        String jwtToken = setup.login(email, password);
        List<LoadClient.Request> viaJwt = gatewayGets(stack, jwtToken);
        List<LoadClient.Request> viaApiToken = gatewayGets(stack, apiToken);
        warmUpTogether(viaJwt, viaApiToken, directGets(stack, tenant));
        // A fresh internal token: one minted before the warm-up could expire before the last round ends.
        List<ScenarioResult> reads = readInTurns(List.of("(a) gateway, user JWT", "(b) gateway, API token",
                "(c) ingest-service direct"), List.of(viaJwt, viaApiToken, directGets(stack, tenant)));
        for (ScenarioResult read : reads) {
            if (!recorded(results, read)) {
                return false;
            }
        }
        ScenarioResult jwt = reads.get(0);
        ScenarioResult token = reads.get(1);
        ScenarioResult straight = reads.get(2);
        ScenarioResult login = measure(results, "(d) login", loginPosts(stack, email, password),
                options.loginConcurrency(), options.loginDuration());
        if (login == null) {
            return false;
        }
        if (login.count(200) != login.requests()) {
            report.table(results);
            out.println("FAILED: not every login answered 200: " + login.describeStatuses());
            return false;
        }
        report.table(results);
        report.overheadHeader();
        report.overhead("user JWT", jwt, straight);
        report.overhead("API token", token, straight);
        report.login(login);
        return true;
    }

    // The GET straight to ingest-service with a newly minted internal identity token (it lives five minutes).
    private static List<LoadClient.Request> directGets(RunningStack stack, String tenant) {
        String internal = new Tokens(stack.identityKeys()).internal(TenantId.of(tenant), Role.ADMIN).token();
        return List.of(LoadClient.Request.get(stack.serviceUrl(Service.INGEST).resolve(PATH), internal));
    }

    /**
     * Runs all three paths interleaved before any is measured: otherwise the first scenario pays for the JIT
     * compilation of the code the later ones share (proxy, service, database client) and looks slower than it is.
     */
    private void warmUpTogether(List<LoadClient.Request> viaJwt, List<LoadClient.Request> viaApiToken,
            List<LoadClient.Request> direct) {
        List<LoadClient.Request> mixed = new ArrayList<>(viaJwt);
        mixed.addAll(viaApiToken);
        mixed.addAll(direct);
        out.printf("  %-28s concurrency %d, %d s ... ", "warm-up, all paths", options.concurrency(),
                options.warmup().toSeconds());
        LoadRun.run("warm-up", mixed, options.concurrency(), options.warmup(), Duration.ZERO);
        out.println("done");
    }

    /**
     * Measures the read scenarios in turns, {@code --rounds} times, each turn a settling second and then its share of
     * {@code --duration}: this box's speed drifts by tens of percent over minutes, and scenarios measured one after
     * the other compared a path with another at a different time. Prints each round's throughputs.
     */
    private List<ScenarioResult> readInTurns(List<String> names, List<List<LoadClient.Request>> paths) {
        int rounds = options.rounds();
        Duration slice = options.duration().dividedBy(rounds);
        out.printf(Locale.ROOT, "  read scenarios in turns: %d rounds, each path %.1f s per round (after %d s"
                + " unmeasured)%n", rounds, slice.toMillis() / 1e3, BenchOptions.SETTLE.toSeconds());
        List<List<ScenarioResult>> slices = new ArrayList<>();
        names.forEach(name -> slices.add(new ArrayList<>()));
        for (int round = 1; round <= rounds; round++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "    round %d:", round));
            for (int i = 0; i < names.size(); i++) {
                ScenarioResult result = LoadRun.run(names.get(i), paths.get(i), options.concurrency(),
                        BenchOptions.SETTLE, slice);
                slices.get(i).add(result);
                line.append(String.format(Locale.ROOT, "  %s %.0f req/s", names.get(i).substring(0, 3),
                        result.throughput()));
            }
            out.println(line);
        }
        List<ScenarioResult> merged = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            merged.add(ScenarioResult.merge(names.get(i), slices.get(i)));
        }
        return merged;
    }

    /** Runs one scenario and prints a line on it; null when requests failed (then with the table so far). */
    private ScenarioResult measure(List<ScenarioResult> results, String name, List<LoadClient.Request> requests,
            int concurrency, Duration duration) {
        out.printf("  %-28s concurrency %d, %d s warm-up + %d s ... ", name, concurrency, options.warmup().toSeconds(),
                duration.toSeconds());
        ScenarioResult result = LoadRun.run(name, requests, concurrency, options.warmup(), duration);
        out.printf(Locale.ROOT, "%.0f req/s, %s%n", result.throughput(), result.describeStatuses());
        return recorded(results, result) ? result : null;
    }

    /** Adds the result; false (after printing the table so far and the failure) when requests failed. */
    private boolean recorded(List<ScenarioResult> results, ScenarioResult result) {
        results.add(result);
        if (result.failures() > 0 || result.requests() == 0) {
            report.table(results);
            report.failure(result);
            return false;
        }
        return true;
    }

    /** One GET per gateway replica, taken in turn. */
    private static List<LoadClient.Request> gatewayGets(RunningStack stack, String bearerToken) {
        return stack.gatewayUrls().stream().map(gateway -> LoadClient.Request.get(gateway.resolve(PATH), bearerToken))
                .toList();
    }

    private static List<LoadClient.Request> loginPosts(RunningStack stack, String email, String password) {
        String body = BenchSetup.loginBody(email, password);
        return stack.gatewayUrls().stream()
                .map(gateway -> LoadClient.Request.postJson(gateway.resolve("/api/v1/auth/login"), null, body))
                .toList();
    }
}
