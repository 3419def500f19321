package io.fieldline.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What the system tests share to start their own stack: free ports, the repository root, the ready timeout. */
final class TestStacks {

    private TestStacks() {
    }

    /** A stack on free ports in {@code dataDir}, with one gateway, the given admin and the ready timeout. */
    static StackOptions.Builder onFreePorts(Path dataDir, int gatewayReplicas, String adminEmail,
            String adminPassword) throws IOException {
        List<Integer> ports = freePorts(3 + Service.values().length + gatewayReplicas - 1);
        StackOptions.Builder options = StackOptions.builder(repoRoot())
                .dataDir(dataDir)
                .kafkaPorts(ports.get(0), ports.get(1))
                .postgresPort(ports.get(2))
                .gatewayReplicas(gatewayReplicas)
                .admin(adminEmail, adminPassword)
                .readyTimeout(Duration.ofSeconds(readyTimeoutSeconds()));
        for (Service service : Service.values()) {
            options.port(service, ports.get(3 + service.ordinal()));
        }
        for (int replica = 2; replica <= gatewayReplicas; replica++) {
            options.gatewayReplicaPort(replica, ports.get(3 + Service.values().length + replica - 2));
        }
        return options;
    }

    /** 120 s unless FIELDLINE_READY_TIMEOUT_SECONDS says more (a loaded machine starts the JVMs slowly). */
    static int readyTimeoutSeconds() {
        String configured = System.getenv("FIELDLINE_READY_TIMEOUT_SECONDS");
        return configured == null || configured.isBlank() ? 120 : Math.max(120, Integer.parseInt(configured.trim()));
    }

    static Path repoRoot() {
        String configured = System.getProperty("fieldline.repo.root");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        return root.toAbsolutePath().normalize();
    }

    /**
     * Stops a drill's stack; deletes its data dir when the drill passed, else keeps it and says where the services'
     * logs are.
     */
    static void stop(String drill, RunningStack stack, Path dataDir, boolean failed) throws IOException {
        if (stack != null) {
            stack.close();
        }
        if (failed) {
            System.out.println(drill + ": failed; the services' logs are kept in " + dataDir.resolve("logs"));
        } else if (dataDir != null) {
            deleteTree(dataDir);
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Distinct free ports: all sockets are held open together so no port is handed out twice. */
    static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports.add(socket.getLocalPort());
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
