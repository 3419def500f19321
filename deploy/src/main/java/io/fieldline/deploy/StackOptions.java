package io.fieldline.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the dev stack starts and where: data directory, ports, external Kafka/PostgreSQL, the initial admin.
 *
 * @param repoRoot the repository checkout holding the packaged services and {@code deploy/target/classpath.txt}
 * @param dataDir where Kafka, PostgreSQL, identity keys and logs are kept across restarts
 * @param servicePorts the HTTP port of every service (for the gateway: of its first replica)
 * @param extraGatewayPorts the HTTP ports of gateway replicas 2, 3, … (empty: one gateway)
 * @param kafkaPort the embedded broker's port (ignored when {@code externalKafka} is set)
 * @param kafkaControllerPort the embedded broker's KRaft controller port
 * @param postgresPort the embedded PostgreSQL port (ignored when {@code externalPostgres} is set)
 * @param externalKafka bootstrap servers of an existing Kafka, or null to start one
 * @param externalPostgres an existing PostgreSQL, or null to start one
 * @param adminEmail the initial admin's email
 * @param adminPassword the initial admin's password, or null to generate one on the first run
 * @param readyTimeout how long the whole stack may take to become ready
 * @param serviceEnvironment variables added to every service's environment (e.g. a test's or benchmark's
 *        settings); the launcher's own values (ports, PostgreSQL, Kafka, keys) take precedence
 */
public record StackOptions(
        Path repoRoot,
        Path dataDir,
        Map<Service, Integer> servicePorts,
        List<Integer> extraGatewayPorts,
        int kafkaPort,
        int kafkaControllerPort,
        int postgresPort,
        String externalKafka,
        PostgresCoordinates externalPostgres,
        String adminEmail,
        String adminPassword,
        Duration readyTimeout,
        Map<String, String> serviceEnvironment) {

    static final int DEFAULT_PORT_BASE = 8080;
    /**
     * Gateway replica i (i ≥ 2) listens on port base + 3 + i: right after the five services' base … base+4, so
     * the default ports stay 8080 … 8084 and replicas get 8085, 8086, ….
     */
    static final int REPLICA_PORT_OFFSET = 3;
    static final String DEFAULT_ADMIN_EMAIL = "admin@fieldline.local";

    /** Validates and freezes the options. */
    public StackOptions {
        Objects.requireNonNull(repoRoot, "repoRoot");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(adminEmail, "adminEmail");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        for (Service service : Service.values()) {
            if (!servicePorts.containsKey(service)) {
                throw new IllegalArgumentException("No port for " + service.moduleName());
            }
        }
        servicePorts = Map.copyOf(servicePorts);
        extraGatewayPorts = List.copyOf(extraGatewayPorts);
        serviceEnvironment = Map.copyOf(serviceEnvironment);
    }

    /** The HTTP port of one service (for the gateway: of its first replica). */
    public int port(Service service) {
        return servicePorts.get(service);
    }

    /** How many gateway processes the stack runs (1 unless {@code FIELDLINE_GATEWAY_REPLICAS} says more). */
    public int gatewayReplicas() {
        return 1 + extraGatewayPorts.size();
    }

    /** The HTTP port of gateway replica {@code replica} (1 … {@link #gatewayReplicas()}). */
    public int gatewayPort(int replica) {
        if (replica < 1 || replica > gatewayReplicas()) {
            throw new IllegalArgumentException("No gateway replica " + replica + " of " + gatewayReplicas());
        }
        return replica == 1 ? port(Service.API_GATEWAY) : extraGatewayPorts.get(replica - 2);
    }

    /** Every local port the stack will listen on, by component name (embedded Kafka/PostgreSQL only if started). */
    public Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (externalKafka == null) {
            ports.put("kafka", kafkaPort);
            ports.put("kafka controller", kafkaControllerPort);
        }
        if (externalPostgres == null) {
            ports.put("postgres", postgresPort);
        }
        for (Service service : Service.values()) {
            ports.put(service.moduleName(), port(service));
        }
        for (int replica = 2; replica <= gatewayReplicas(); replica++) {
            ports.put(gatewayName(replica), gatewayPort(replica));
        }
        return ports;
    }

    /** The component name of a gateway replica: {@code api-gateway}, then {@code api-gateway-2}, …. */
    public static String gatewayName(int replica) {
        return replica == 1 ? Service.API_GATEWAY.moduleName() : Service.API_GATEWAY.moduleName() + "-" + replica;
    }

    private static void checkDistinct(Map<String, Integer> ports) {
        Map<Integer, String> byPort = new HashMap<>();
        ports.forEach((name, port) -> {
            String other = byPort.putIfAbsent(port, name);
            if (other != null) {
                throw new IllegalArgumentException("Port " + port + " is given to both " + other + " and " + name);
            }
        });
    }

    /**
     * Reads the options from environment variables: the configuration contract's {@code KAFKA_BOOTSTRAP_SERVERS},
     * {@code PG_*} and {@code INITIAL_ADMIN_*}, plus the launcher's own {@code FIELDLINE_DATA_DIR},
     * {@code FIELDLINE_PORT_BASE}, {@code FIELDLINE_GATEWAY_REPLICAS}, {@code FIELDLINE_KAFKA_PORT},
     * {@code FIELDLINE_KAFKA_CONTROLLER_PORT}, {@code FIELDLINE_PG_PORT} and {@code FIELDLINE_READY_TIMEOUT_SECONDS}.
     */
    public static StackOptions fromEnvironment(Map<String, String> env, Path repoRoot) {
        return builderFromEnvironment(env, repoRoot).build();
    }

    /** A builder preset like {@link #fromEnvironment}, for callers that change some settings before building. */
    public static Builder builderFromEnvironment(Map<String, String> env, Path repoRoot) {
        Builder builder = builder(repoRoot);
        String dataDir = blankToNull(env.get("FIELDLINE_DATA_DIR"));
        if (dataDir != null) {
            builder.dataDir(repoRoot.resolve(dataDir));
        }
        builder.portBase(intValue(env, "FIELDLINE_PORT_BASE", DEFAULT_PORT_BASE));
        builder.gatewayReplicas(intValue(env, "FIELDLINE_GATEWAY_REPLICAS", 1));
        builder.kafkaPorts(intValue(env, "FIELDLINE_KAFKA_PORT", 9092),
                intValue(env, "FIELDLINE_KAFKA_CONTROLLER_PORT", 9093));
        builder.postgresPort(intValue(env, "FIELDLINE_PG_PORT", 5432));
        builder.externalKafka(blankToNull(env.get("KAFKA_BOOTSTRAP_SERVERS")));
        String pgHost = blankToNull(env.get("PG_HOST"));
        if (pgHost != null) {
            builder.externalPostgres(new PostgresCoordinates(pgHost, intValue(env, "PG_PORT", 5432),
                    env.getOrDefault("PG_DB", "fieldline"), env.getOrDefault("PG_USER", "fieldline"),
                    env.getOrDefault("PG_PASSWORD", "")));
        }
        String email = blankToNull(env.get("INITIAL_ADMIN_EMAIL"));
        builder.admin(email == null ? DEFAULT_ADMIN_EMAIL : email, blankToNull(env.get("INITIAL_ADMIN_PASSWORD")));
        builder.readyTimeout(Duration.ofSeconds(intValue(env, "FIELDLINE_READY_TIMEOUT_SECONDS", 90)));
        return builder;
    }

    /**
     * A builder with the defaults of {@code ./deploy/run}: data in {@code <repo>/.fieldline}, ports 8080..8084,
     * one gateway.
     */
    public static Builder builder(Path repoRoot) {
        return new Builder(repoRoot.toAbsolutePath().normalize());
    }

    private static int intValue(Map<String, String> env, String name, int fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + value + "'", e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Builds {@link StackOptions}; every setter is optional. */
    public static final class Builder {

        private final Path repoRoot;
        private Path dataDir;
        private final Map<Service, Integer> servicePorts = new EnumMap<>(Service.class);
        private final Map<Integer, Integer> replicaPorts = new HashMap<>();
        private int portBase;
        private int gatewayReplicas = 1;
        private int kafkaPort = 9092;
        private int kafkaControllerPort = 9093;
        private int postgresPort = 5432;
        private String externalKafka;
        private PostgresCoordinates externalPostgres;
        private String adminEmail = DEFAULT_ADMIN_EMAIL;
        private String adminPassword;
        private Duration readyTimeout = Duration.ofSeconds(90);
        private final Map<String, String> serviceEnvironment = new HashMap<>();

        private Builder(Path repoRoot) {
            this.repoRoot = repoRoot;
            this.dataDir = repoRoot.resolve(".fieldline");
            portBase(DEFAULT_PORT_BASE);
        }

        /** Keeps all data and logs in this directory. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir.toAbsolutePath().normalize();
            return this;
        }

        /**
         * Gives the services the ports base..base+4 (gateway, ingest, rules, webhook, ota) and gateway replica i ≥ 2
         * the port base+3+i unless set with {@link #gatewayReplicaPort}.
         */
        public Builder portBase(int base) {
            this.portBase = base;
            for (Service service : Service.values()) {
                servicePorts.put(service, base + service.portOffset());
            }
            return this;
        }

        /** Gives one service its own port (for the gateway: its first replica's). */
        public Builder port(Service service, int port) {
            servicePorts.put(service, port);
            return this;
        }

        /** Runs this many gateway processes (at least 1), all with the same configuration. */
        public Builder gatewayReplicas(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("FIELDLINE_GATEWAY_REPLICAS must be at least 1, was " + count);
            }
            this.gatewayReplicas = count;
            return this;
        }

        /** Gives gateway replica {@code replica} (≥ 2) its own port instead of port base + 3 + replica. */
        public Builder gatewayReplicaPort(int replica, int port) {
            if (replica < 2) {
                throw new IllegalArgumentException("Replica 1 is the gateway: use port(Service.API_GATEWAY, port)");
            }
            replicaPorts.put(replica, port);
            return this;
        }

        /** Sets the embedded broker's client and controller ports. */
        public Builder kafkaPorts(int port, int controllerPort) {
            this.kafkaPort = port;
            this.kafkaControllerPort = controllerPort;
            return this;
        }

        /** Sets the embedded PostgreSQL port. */
        public Builder postgresPort(int port) {
            this.postgresPort = port;
            return this;
        }

        /** Uses an existing Kafka instead of starting one (null: start one). */
        public Builder externalKafka(String bootstrapServers) {
            this.externalKafka = bootstrapServers;
            return this;
        }

        /** Uses an existing PostgreSQL instead of starting one (null: start one). */
        public Builder externalPostgres(PostgresCoordinates coordinates) {
            this.externalPostgres = coordinates;
            return this;
        }

        /** Sets the initial admin; a null password is generated on the first run. */
        public Builder admin(String email, String password) {
            this.adminEmail = email;
            this.adminPassword = password;
            return this;
        }

        /** Sets how long the whole stack may take to become ready. */
        /** Adds a variable to every service's environment (the launcher's own variables still win). */
        public Builder serviceEnvironment(String name, String value) {
            serviceEnvironment.put(name, value);
            return this;
        }

        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /** Builds the options. */
        public StackOptions build() {
            List<Integer> extraGatewayPorts = new ArrayList<>();
            for (int replica = 2; replica <= gatewayReplicas; replica++) {
                extraGatewayPorts.add(replicaPorts.getOrDefault(replica, portBase + REPLICA_PORT_OFFSET + replica));
            }
            StackOptions options = new StackOptions(repoRoot, dataDir, servicePorts, extraGatewayPorts, kafkaPort,
                    kafkaControllerPort, postgresPort, externalKafka, externalPostgres, adminEmail, adminPassword,
                    readyTimeout, serviceEnvironment);
            checkDistinct(options.ports());
            return options;
        }
    }
}
