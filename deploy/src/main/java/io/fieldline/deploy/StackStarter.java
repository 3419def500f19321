package io.fieldline.deploy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fieldline.testsupport.EmbeddedPostgresServer;
import io.fieldline.testsupport.IdentityKeys;

/** Brings the stack up step by step: keys, Kafka and PostgreSQL, then the five services, then readiness. */
final class StackStarter {

    /** Variables only the gateway may see; dropped from the backend services' inherited environment. */
    private static final List<String> GATEWAY_ONLY = List.of("FIELDLINE_IDENTITY_PRIVATE_KEY_LOCATION",
            "INITIAL_ADMIN_EMAIL", "INITIAL_ADMIN_PASSWORD");

    private final StackOptions options;
    private final RunningStack stack;
    private final ConsoleReport report;
    private final long startNanos;
    private final ReadinessWaiter waiter;
    /** Signs ota-service's artifact download links; one per stack, so a restarted ota-service honours old links. */
    private final String downloadLinkKey = randomKey();

    StackStarter(StackOptions options, RunningStack stack, ConsoleReport report, long startNanos) {
        this.options = options;
        this.stack = stack;
        this.report = report;
        this.startNanos = startNanos;
        this.waiter = new ReadinessWaiter(startNanos, options.readyTimeout());
    }

    void run() {
        LauncherLogs.quiet();
        checkPortsFree();
        createDirectories();
        stack.setIdentityKeys(loadKeys());
        // The broker JVM boots while PostgreSQL starts in this JVM: the two take about the same time.
        ManagedProcess kafka = options.externalKafka() == null ? KafkaProcess.launch(stack.supervisor(), options)
                : null;
        startOrUsePostgres();
        if (kafka == null) {
            stack.setKafkaBootstrapServers(options.externalKafka());
            report.external("kafka", options.externalKafka());
        } else {
            waiter.awaitPort(kafka, "127.0.0.1", options.kafkaPort());
            stack.setKafkaBootstrapServers("127.0.0.1:" + options.kafkaPort());
            report.ready("kafka", startNanos, stack.kafkaBootstrapServers());
        }
        InitialAdmin admin = InitialAdmin.resolve(options);
        stack.setInitialAdmin(admin);
        Map<ManagedProcess, URI> readiness = new LinkedHashMap<>();
        Map<ManagedProcess, Service> services = new HashMap<>();
        Map<ManagedProcess, Integer> replicas = new HashMap<>();
        for (Service service : Service.values()) {
            ManagedProcess process = launch(service.moduleName(), service, options.port(service), admin);
            stack.setService(service, process);
            services.put(process, service);
            readiness.put(process, readinessUrl(options.port(service)));
        }
        waiter.awaitHttpReady(readiness, process -> {
            Integer replica = replicas.getOrDefault(process, 1);
            Service service = services.getOrDefault(process, Service.API_GATEWAY);
            URI url = service == Service.API_GATEWAY ? stack.gatewayUrls().get(replica - 1) : stack.serviceUrl(service);
            report.ready(process.name(), startNanos, url.toString());
            if (service != Service.API_GATEWAY || replica != 1) {
                return Map.of();
            }
            admin.recordCreated(options.dataDir());
            // Further replicas start once the first gateway is ready, so that the database migrations and the
            // initial-admin bootstrap of a first start run in one process instead of racing in several.
            return launchReplicas(admin, replicas);
        });
        stack.setRelauncher(
                service -> launch(service.moduleName() + "-restarted", service, options.port(service), admin));
        stack.setTimeToReady(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private Map<ManagedProcess, URI> launchReplicas(InitialAdmin admin, Map<ManagedProcess, Integer> replicas) {
        Map<ManagedProcess, URI> started = new LinkedHashMap<>();
        for (int replica = 2; replica <= options.gatewayReplicas(); replica++) {
            int port = options.gatewayPort(replica);
            ManagedProcess process = launch(StackOptions.gatewayName(replica), Service.API_GATEWAY, port, admin);
            replicas.put(process, replica);
            started.put(process, readinessUrl(port));
        }
        return started;
    }

    private void checkPortsFree() {
        List<String> busy = new ArrayList<>();
        options.ports().forEach((name, port) -> {
            if (ReadinessWaiter.portInUse(port)) {
                busy.add(port + " (" + name + ")");
            }
        });
        if (!busy.isEmpty()) {
            throw new StackStartException("Port(s) already in use: " + String.join(", ", busy)
                    + ". Is another stack running? Other ports: FIELDLINE_PORT_BASE, FIELDLINE_KAFKA_PORT,"
                    + " FIELDLINE_KAFKA_CONTROLLER_PORT, FIELDLINE_PG_PORT (gateway replicas: base+3+i).");
        }
    }

    private void createDirectories() {
        try {
            Files.createDirectories(options.dataDir().resolve("logs"));
        } catch (IOException e) {
            throw new StackStartException("Cannot create " + options.dataDir() + ": " + e.getMessage(), e);
        }
    }

    private IdentityKeys loadKeys() {
        try {
            return IdentityKeys.loadOrCreate(options.dataDir().resolve("identity"));
        } catch (Exception e) {
            throw new StackStartException("Cannot load or create the identity keys: " + e.getMessage(), e);
        }
    }

    private void startOrUsePostgres() {
        if (options.externalPostgres() != null) {
            stack.setPostgres(options.externalPostgres());
            report.external("postgres", options.externalPostgres().describe());
            return;
        }
        EmbeddedPostgresServer server = stack.startPostgres(options.dataDir().resolve("postgres"),
                options.postgresPort());
        stack.setPostgres(new PostgresCoordinates(server.host(), server.port(), server.database(), server.user(),
                server.password()));
        report.ready("postgres", startNanos, stack.postgres().describe());
    }

    /** Starts one process of a service (the gateway may run several) listening on {@code port}. */
    private ManagedProcess launch(String name, Service service, int port, InitialAdmin admin) {
        Path jar = service.jar(options.repoRoot());
        if (!Files.isRegularFile(jar)) {
            throw new StackStartException("Missing " + jar + ": build first with ./mvnw -B -ntp -DskipTests install");
        }
        Map<String, String> env = new HashMap<>(environment(service, port, admin));
        List<String> command = List.of(ProcessSupervisor.javaExecutable(), "-jar", jar.toString());
        if (service.isBackend()) {
            // The child inherits the launcher's environment; these values are the gateway's alone.
            GATEWAY_ONLY.forEach(variable -> env.put(variable, null));
        }
        return stack.supervisor().start(name, command, env);
    }

    /** The environment of docs/config-contract.md for one service; a null value removes the variable. */
    private Map<String, String> environment(Service service, int port, InitialAdmin admin) {
        PostgresCoordinates pg = stack.postgres();
        IdentityKeys keys = stack.identityKeys();
        Map<String, String> env = new HashMap<>(options.serviceEnvironment());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("PG_HOST", pg.host());
        env.put("PG_PORT", Integer.toString(pg.port()));
        env.put("PG_DB", pg.database());
        env.put("PG_USER", pg.user());
        env.put("PG_PASSWORD", pg.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
        env.put("FIELDLINE_IDENTITY_PUBLIC_KEY_LOCATION", keys.publicKeyPem().toAbsolutePath().toString());
        if (service == Service.API_GATEWAY) {
            env.put("FIELDLINE_IDENTITY_PRIVATE_KEY_LOCATION", keys.privateKeyPem().toAbsolutePath().toString());
            for (Service backend : Service.values()) {
                if (backend.isBackend()) {
                    env.put(backend.gatewayUrlVariable(), internalUrl(options.port(backend)));
                }
            }
            env.put("INITIAL_ADMIN_EMAIL", admin.email());
            env.put("INITIAL_ADMIN_PASSWORD", admin.password());
        }
        if (service == Service.OTA) {
            // Devices fetch artifacts by signed link from ota-service itself, not through the gateway (unless the
            // launcher's environment configures the links otherwise).
            putUnlessSet(env, "FIELDLINE_OTA_DOWNLOAD_LINKS_PUBLIC_BASE_URL", "http://localhost:" + port);
            putUnlessSet(env, "FIELDLINE_OTA_DOWNLOAD_LINKS_SIGNING_KEY", downloadLinkKey);
        }
        if (service == Service.RULES) {
            // rules-service asks ingest-service whether a rule's event exists.
            env.put("FIELDLINE_RULES_INGEST_URL", internalUrl(options.port(Service.INGEST)));
        }
        return env;
    }

    private static void putUnlessSet(Map<String, String> env, String variable, String value) {
        if (!env.containsKey(variable) && System.getenv(variable) == null) {
            env.put(variable, value);
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    private static URI readinessUrl(int port) {
        return URI.create(internalUrl(port) + "/q/health/ready");
    }

    private static String internalUrl(int port) {
        return "http://127.0.0.1:" + port;
    }
}
