package io.fieldline.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The real PostgreSQL behind {@link EmbeddedPostgresServer}: zonky's binaries, a new postmaster per (re)start. */
final class PostgresNode {

    static final String DATABASE = "fieldline";
    static final String USER = "postgres";
    // initdb runs with trust authentication: any password is accepted, but clients like to send one.
    static final String PASSWORD = "postgres";

    private final Path dataDir;
    private final Path logFile;
    private final boolean ownsDataDir;
    private int port;
    private EmbeddedPostgres postgres;
    private boolean closed;

    private PostgresNode(Path dataDir, boolean ownsDataDir, int port) {
        this.dataDir = dataDir;
        // Beside the data dir, not in it: initdb wants an empty directory.
        this.logFile = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        this.ownsDataDir = ownsDataDir;
        this.port = port;
    }

    static PostgresNode start(Path dataDirectory, int port) {
        QuietLogs.apply();
        boolean owns = dataDirectory == null;
        Path dir = owns ? Directories.createTemp("fieldline-pg-") : dataDirectory.toAbsolutePath();
        PostgresNode node = new PostgresNode(dir, owns, port);
        node.startServer();
        return node;
    }

    synchronized int port() {
        return port;
    }

    synchronized void startServer() {
        if (closed) {
            throw new IllegalStateException("PostgreSQL on " + dataDir + " is closed");
        }
        if (postgres != null) {
            return;
        }
        try {
            stopOrphanedPostmaster();
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    // Keep the cluster: initdb only runs when there is no postgresql.conf yet.
                    .setCleanDataDirectory(false)
                    .setPort(port) // 0 on the first start only; restarts reuse the port chosen then
                    .setPGStartupWait(Duration.ofSeconds(30))
                    // initdb and server output go to a file instead of ~30 INFO lines per start in every test log.
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            port = postgres.getPort();
            createDatabaseIfAbsent();
        } catch (IOException | RuntimeException e) {
            closeQuietly(postgres); // e.g. the database could not be created: leave nothing running
            postgres = null;
            throw new IllegalStateException("Cannot start PostgreSQL on " + dataDir + "; end of " + logFile + ":\n"
                    + tail(logFile, 20), e);
        }
    }

    synchronized void stop() {
        if (postgres != null) {
            EmbeddedPostgres running = postgres;
            postgres = null;
            try {
                running.close(); // pg_ctl stop -m fast -w
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    synchronized void restart() {
        stop();
        startServer();
    }

    synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        if (ownsDataDir) {
            // zonky's own shutdown hook may still be stopping the postmaster at JVM exit.
            waitUntilGone(dataDir.resolve("postmaster.pid"), Duration.ofSeconds(10));
            Directories.deleteQuietly(dataDir);
            Directories.deleteQuietly(logFile);
        }
    }

    private void createDatabaseIfAbsent() throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IOException("Cannot create database " + DATABASE, e);
        }
    }

    /**
     * Stops a postmaster left running on this data dir by a JVM that died (kill -9), so the dir can be reused. The
     * zonky lock file tells: a live owner holds it, a dead one does not.
     */
    private void stopOrphanedPostmaster() throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        Path lockFile = dataDir.resolve("epg-lock");
        if (!Files.exists(pidFile) || !Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock == null) {
                return; // another live process owns this server
            }
            Optional<ProcessHandle> orphan = readPid(pidFile).flatMap(ProcessHandle::of)
                    .filter(p -> p.info().command().map(cmd -> cmd.endsWith("/postgres")).orElse(false));
            if (orphan.isPresent()) {
                // SIGINT is PostgreSQL's fast shutdown; SIGTERM (destroy) would wait for clients.
                new ProcessBuilder("kill", "-INT", Long.toString(orphan.get().pid())).inheritIO().start().waitFor();
                waitUntilGone(pidFile, Duration.ofSeconds(15));
            }
        } catch (OverlappingFileLockException e) {
            // Owned by a server in this JVM: leave it alone.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping an orphaned postmaster", e);
        }
    }

    private static Optional<Long> readPid(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        try {
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void closeQuietly(EmbeddedPostgres server) {
        if (server != null) {
            try {
                server.close();
            } catch (IOException | RuntimeException e) {
                // Already failing; the original error matters more.
            }
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void waitUntilGone(Path file, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (Files.exists(file) && System.nanoTime() < end) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
