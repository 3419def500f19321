package io.fieldline.deploy.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedPostgresServer;

/** ingest-service's packaged jar in its own JVM with a given heap, for the storage benchmark. */
final class IngestProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private IngestProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the service against the given PostgreSQL and Kafka and waits until it is ready. */
    static IngestProcess start(Path jar, String heap, EmbeddedPostgresServer postgres, String kafka,
            Path publicKey, Path log) throws IOException {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(List.of("java", "-Xmx" + heap, "-XX:+UseSerialGC", "-jar",
                jar.toString()));
        Map<String, String> env = builder.environment();
        env.put("PG_HOST", postgres.host());
        env.put("PG_PORT", Integer.toString(postgres.port()));
        env.put("PG_USER", postgres.user());
        env.put("PG_PASSWORD", postgres.password());
        env.put("PG_DB", postgres.database());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        env.put("FIELDLINE_IDENTITY_PUBLIC_KEY_LOCATION", publicKey.toAbsolutePath().toString());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Files.createDirectories(log.getParent());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        IngestProcess started = new IngestProcess(builder.start(), port);
        Await.httpStatus(URI.create(started.baseUri() + "/q/health/ready"), 200, Duration.ofSeconds(90));
        return started;
    }

    String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    /** Peak resident set size of the service JVM so far (VmHWM), in MiB; -1 where /proc is not available. */
    long peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
