package io.fieldline.deploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.fieldline.deploy.RunningStack;
import io.fieldline.deploy.Service;
import io.fieldline.deploy.StackOptions;

/**
 * The stack the benchmark starts: configured like {@code ./deploy/run} from the environment, but in a temporary
 * data dir (unless one is given), on free ports (unless {@code FIELDLINE_PORT_BASE} is set), and with an admin
 * password known to the benchmark.
 */
final class BenchStack {

    private final StackOptions options;
    private final String adminPassword;
    private final boolean temporary;

    private BenchStack(StackOptions options, String adminPassword, boolean temporary) {
        this.options = options;
        this.adminPassword = adminPassword;
        this.temporary = temporary;
    }

    /**
     * Decides the options.
     *
     * @throws IllegalArgumentException when a reused data dir holds an admin whose password the benchmark lacks
     */
    static BenchStack prepare(BenchOptions bench, Map<String, String> env) {
        return prepare(bench.dataDir(), env);
    }

    /** Decides the options for a stack in {@code keptDataDir}, or in a temporary dir when it is null. */
    static BenchStack prepare(Path keptDataDir, Map<String, String> env) {
        Path repoRoot = Path.of("").toAbsolutePath();
        StackOptions.Builder builder = StackOptions.builderFromEnvironment(env, repoRoot);
        boolean temporary = keptDataDir == null;
        Path dataDir = temporary ? createTempDir() : keptDataDir;
        String given = env.get("INITIAL_ADMIN_PASSWORD");
        if (!temporary && (given == null || given.isBlank()) && Files.exists(dataDir.resolve("initial-admin"))) {
            throw new IllegalArgumentException(dataDir + " already has an initial admin: pass its password in"
                    + " INITIAL_ADMIN_PASSWORD, or use a fresh data dir");
        }
        String password = given == null || given.isBlank() ? generatePassword() : given;
        String email = builder.build().adminEmail();
        builder.dataDir(dataDir).admin(email, password);
        if (isBlank(env.get("FIELDLINE_PORT_BASE"))) {
            useFreePorts(builder, builder.build());
        }
        return new BenchStack(builder.build(), password, temporary);
    }

    StackOptions options() {
        return options;
    }

    Path dataDir() {
        return options.dataDir();
    }

    String adminPassword() {
        return adminPassword;
    }

    /** Also on Ctrl-C: stop the stack (the stack's own hook does too; the first one waits for the other), clean up. */
    void cleanUpOnExit(RunningStack stack) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(stack), "bench-cleanup"));
    }

    /** Stops the stack and deletes a temporary data dir. */
    void close(RunningStack stack) {
        stack.close();
        if (temporary) {
            try (Stream<Path> paths = Files.walk(options.dataDir())) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                // Already gone (the other exit path won the race) or not removable: nothing to stop for.
            }
        }
    }

    /** Free ports for every service and replica, and for Kafka and PostgreSQL unless their ports are set. */
    private static void useFreePorts(StackOptions.Builder builder, StackOptions preset) {
        List<Integer> ports = freePorts(Service.values().length + preset.gatewayReplicas() + 2);
        int next = 0;
        for (Service service : Service.values()) {
            builder.port(service, ports.get(next++));
        }
        for (int replica = 2; replica <= preset.gatewayReplicas(); replica++) {
            builder.gatewayReplicaPort(replica, ports.get(next++));
        }
        builder.kafkaPorts(ports.get(next++), ports.get(next++));
        builder.postgresPort(ports.get(next));
    }

    /** Distinct free ports: all sockets are held open together so no port is handed out twice. */
    private static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports.add(socket.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("No free ports", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Closing a listening socket does not fail in practice; the port is free either way.
                }
            }
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("fieldline-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary data dir", e);
        }
    }

    /** 18 random bytes: 24 URL-safe characters. */
    private static String generatePassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
