package io.fieldline.deploy.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

import io.fieldline.deploy.DevStack;
import io.fieldline.deploy.RunningStack;
import io.fieldline.deploy.Service;
import io.fieldline.deploy.StackStartException;
import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import io.fieldline.testsupport.Tokens;

/**
 * {@code ./deploy/bench-gateway}: starts the dev stack like {@code ./deploy/run}, then measures what the gateway
 * adds to a request (authentication against the database, the internal identity token, the proxy hop) by driving
 * the same GET through the gateway with a user JWT, through it with an API token, and straight to ingest-service
 * with an internal token; finally the login (bcrypt-bound by design). Not a test: it prints numbers and fails only
 * when requests are refused or break (401, 5xx, no answer).
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
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
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
        BenchStack benchStack;
        RunningStack stack;
        try {
            benchStack = BenchStack.prepare(options, System.getenv());
            out.println("Starting Fieldline for the benchmark (data in " + benchStack.dataDir() + ")");
            stack = DevStack.start(benchStack.options());
        } catch (IllegalArgumentException | StackStartException e) {
            out.println("  ✗ " + e.getMessage());
            System.exit(1);
            return;
        }
        benchStack.cleanUpOnExit(stack);
        // A small pool: on a small machine the load generator should not take the CPU the stack needs.
        ExecutorService executor = Executors.newFixedThreadPool(2, daemon());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor).build();
        boolean passed;
        try {
            passed = new GatewayBench(options, out, http).run(stack, benchStack);
        } catch (RuntimeException e) {
            out.println("  ✗ The benchmark failed: " + e.getMessage());
            passed = false;
        } finally {
            out.println();
            out.println("Stopping Fieldline...");
            benchStack.close(stack);
            executor.shutdownNow();
            out.println("Stopped.");
        }
        System.exit(passed ? 0 : 1);
    }

    private boolean run(RunningStack stack, BenchStack benchStack) {
        BenchSetup setup = new BenchSetup(http, stack.gatewayUrl());
        String email = stack.initialAdmin().email();
        String password = benchStack.adminPassword();
        String tenant = setup.tenantOf(setup.login(email, password));
        String apiToken = setup.createApiToken(setup.login(email, password), "gateway-bench");
        out.printf("%nAdmin %s, tenant %s; %d s warm-up, then %d s measured per scenario, concurrency %d;"
                + " GET %s (404 until ingest has the endpoint: the path through auth, proxy and service is the same)%n",
                email, tenant, options.warmup().toSeconds(), options.duration().toSeconds(), options.concurrency(),
                PATH);

        List<ScenarioResult> results = new ArrayList<>();
        String jwtToken = setup.login(email, password);
        String internal = new Tokens(stack.identityKeys()).internal(TenantId.of(tenant), Role.ADMIN).token();
        List<HttpRequest> viaJwt = gatewayGets(stack, jwtToken);
        List<HttpRequest> viaApiToken = gatewayGets(stack, apiToken);
        List<HttpRequest> direct = List.of(get(stack.serviceUrl(Service.INGEST).resolve(PATH), internal));
        warmUpTogether(viaJwt, viaApiToken, direct);
        ScenarioResult jwt = read(results, "(a) gateway, user JWT", viaJwt);
        if (jwt == null) {
            return false;
        }
        ScenarioResult token = read(results, "(b) gateway, API token", viaApiToken);
        if (token == null) {
            return false;
        }
        ScenarioResult straight = read(results, "(c) ingest-service direct", direct);
        if (straight == null) {
            return false;
        }
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

    /**
     * Runs all three paths interleaved before any is measured: otherwise the first scenario pays for the JIT
     * compilation of the code the later ones share (proxy, service, database client) and looks slower than it is.
     */
    private void warmUpTogether(List<HttpRequest> viaJwt, List<HttpRequest> viaApiToken, List<HttpRequest> direct) {
        List<HttpRequest> mixed = new ArrayList<>(viaJwt);
        mixed.addAll(viaApiToken);
        mixed.addAll(direct);
        out.printf("  %-28s concurrency %d, %d s ... ", "warm-up, all paths", options.concurrency(),
                options.warmup().toSeconds());
        LoadRun.run(http, "warm-up", mixed, options.concurrency(), options.warmup(), Duration.ZERO);
        out.println("done");
    }

    private ScenarioResult read(List<ScenarioResult> results, String name, List<HttpRequest> requests) {
        return measure(results, name, requests, options.concurrency(), options.duration());
    }

    /** Runs one scenario and prints a line on it; null when requests failed (then with the table so far). */
    private ScenarioResult measure(List<ScenarioResult> results, String name, List<HttpRequest> requests,
            int concurrency, Duration duration) {
        out.printf("  %-28s concurrency %d, %d s warm-up + %d s ... ", name, concurrency, options.warmup().toSeconds(),
                duration.toSeconds());
        ScenarioResult result = LoadRun.run(http, name, requests, concurrency, options.warmup(), duration);
        results.add(result);
        out.printf(Locale.ROOT, "%.0f req/s, %s%n", result.throughput(), result.describeStatuses());
        if (result.failures() > 0 || result.requests() == 0) {
            report.table(results);
            report.failure(result);
            return null;
        }
        return result;
    }

    /** One GET per gateway replica, taken in turn. */
    private static List<HttpRequest> gatewayGets(RunningStack stack, String bearerToken) {
        return stack.gatewayUrls().stream().map(gateway -> get(gateway.resolve(PATH), bearerToken)).toList();
    }

    private static List<HttpRequest> loginPosts(RunningStack stack, String email, String password) {
        String body = BenchSetup.loginBody(email, password);
        return stack.gatewayUrls().stream()
                .map(gateway -> HttpRequest.newBuilder(gateway.resolve("/api/v1/auth/login"))
                        .timeout(LoadRun.requestTimeout())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build())
                .toList();
    }

    private static HttpRequest get(URI uri, String bearerToken) {
        return HttpRequest.newBuilder(uri)
                .timeout(LoadRun.requestTimeout())
                .header("Authorization", "Bearer " + bearerToken)
                .GET()
                .build();
    }

    private static ThreadFactory daemon() {
        return runnable -> {
            Thread thread = new Thread(runnable, "bench-http");
            thread.setDaemon(true);
            return thread;
        };
    }
}
