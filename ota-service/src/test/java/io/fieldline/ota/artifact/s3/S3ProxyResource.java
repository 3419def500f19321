package io.fieldline.ota.artifact.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.jboss.logging.Logger;

/**
 * A real S3-compatible server for tests: s3proxy with its filesystem backend and SigV4 authentication, in a child JVM
 * (its dependency tree stays off the test class path; the class path comes from the test-s3proxy module) on a free
 * port, with one empty bucket. Gives the {@code fieldline.ota.storage.*} settings of the S3 store, and the directory
 * the bucket's objects are files in ({@link #DATA_DIRECTORY}).
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {

    static final String BUCKET = "fieldline-artifacts";
    static final String ACCESS_KEY = "fieldline-test-access";
    static final String SECRET_KEY = "fieldline-test-secret/with+special=chars";
    /** Config key naming the directory that holds the bucket's directory, for tests to look at objects. */
    static final String DATA_DIRECTORY = "fieldline.test.s3proxy.data-directory";

    private static final Logger LOG = Logger.getLogger(S3ProxyResource.class);
    private static final String CLASSPATH_FILE = "fieldline.s3proxy.classpath-file";
    private static final long START_TIMEOUT_MS = 60_000;

    private Process process;
    private Path workDir;

    @Override
    public Map<String, String> start() {
        long started = System.nanoTime();
        try {
            workDir = Files.createTempDirectory("fieldline-s3proxy-");
            Path data = workDir.resolve("data");
            // A bucket of the filesystem backend is a directory.
            Files.createDirectories(data.resolve(BUCKET));
            int port = freePort();
            String endpoint = "http://127.0.0.1:" + port;
            Path properties = write("s3proxy.properties", String.join("\n",
                    "s3proxy.endpoint=" + endpoint,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem-nio2",
                    // Required by s3proxy, unused by the filesystem backend.
                    "jclouds.identity=local",
                    "jclouds.credential=local",
                    "jclouds.filesystem.basedir=" + data));
            Path logback = write("logback.xml", "<configuration><appender name=\"OUT\" "
                    + "class=\"ch.qos.logback.core.ConsoleAppender\"><encoder><pattern>%d %-5level %logger{36} - %msg%n"
                    + "</pattern></encoder></appender><logger name=\"org.gaul\" level=\"INFO\"/>"
                    + "<root level=\"WARN\"><appender-ref ref=\"OUT\"/></root></configuration>");
            Path log = workDir.resolve("s3proxy.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // C1 only and a small heap: a test server starts faster that way.
            process = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                    "-Dlogback.configurationFile=" + logback, "-cp", classPath(), "org.gaul.s3proxy.Main",
                    "--properties", properties.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "fieldline-s3proxy-kill"));
            awaitPort(port, log);
            LOG.infof("s3proxy up on %s in %d ms", endpoint, (System.nanoTime() - started) / 1_000_000);
            return Map.of(
                    "fieldline.ota.storage.kind", "s3",
                    "fieldline.ota.storage.s3.endpoint", endpoint,
                    "fieldline.ota.storage.s3.bucket", BUCKET,
                    "fieldline.ota.storage.s3.access-key", ACCESS_KEY,
                    "fieldline.ota.storage.s3.secret-key", SECRET_KEY,
                    DATA_DIRECTORY, data.toString());
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("Cannot start s3proxy", e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        deleteQuietly(workDir);
    }

    private static String classPath() throws IOException {
        String file = System.getProperty(CLASSPATH_FILE);
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            throw new IllegalStateException("No s3proxy class path at " + CLASSPATH_FILE + "=" + file
                    + ": build with the test-s3proxy module, e.g. ./mvnw verify -pl ota-service -am");
        }
        return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(workDir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private void awaitPort(int port, Path log) throws IOException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + process.exitValue() + ":\n" + tail(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        throw new IllegalStateException("s3proxy did not open port " + port + " within " + START_TIMEOUT_MS
                + " ms:\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for s3proxy", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a leftover temp dir is harmless.
        }
    }
}
