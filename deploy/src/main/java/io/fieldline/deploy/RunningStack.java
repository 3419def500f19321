package io.fieldline.deploy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.fieldline.testsupport.EmbeddedPostgresServer;
import io.fieldline.testsupport.IdentityKeys;

/**
 * A started dev stack: where its parts listen, its identity keys, PostgreSQL control for failure drills, and an
 * idempotent {@link #close()} that stops services, then Kafka, then PostgreSQL.
 */
public final class RunningStack implements AutoCloseable {

    private final StackOptions options;
    private final ProcessSupervisor supervisor;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Thread shutdownHook;
    private volatile boolean closing;
    private volatile IdentityKeys identityKeys;
    private volatile String kafkaBootstrapServers;
    private volatile PostgresCoordinates postgres;
    private volatile InitialAdmin initialAdmin;
    private volatile Duration timeToReady;
    /** The current process of each service (replica 1 of the gateway), and how to start one again. */
    private final Map<Service, ManagedProcess> services = new ConcurrentHashMap<>();
    private volatile Function<Service, ManagedProcess> relauncher;
    private EmbeddedPostgresServer postgresServer;
    private boolean postgresClosed;

    RunningStack(StackOptions options, ConsoleReport report) {
        this.options = options;
        this.supervisor = new ProcessSupervisor(options.dataDir(), options.dataDir().resolve("logs"));
        // Registered before anything starts, so Ctrl-C during the start also leaves no process behind.
        this.shutdownHook = new Thread(() -> {
            if (!closing) {
                report.stopping();
            }
            close();
            report.stopped();
        }, "fieldline-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The options the stack was started with. */
    public StackOptions options() {
        return options;
    }

    /** The gateway's base URL, e.g. {@code http://localhost:8080}. */
    public URI gatewayUrl() {
        return serviceUrl(Service.API_GATEWAY);
    }

    /** The base URL of every gateway replica, the first being {@link #gatewayUrl()}. */
    public List<URI> gatewayUrls() {
        List<URI> urls = new ArrayList<>();
        for (int replica = 1; replica <= options.gatewayReplicas(); replica++) {
            urls.add(URI.create("http://localhost:" + options.gatewayPort(replica)));
        }
        return List.copyOf(urls);
    }

    /** A service's own base URL (services other than the gateway want an internal identity token). */
    public URI serviceUrl(Service service) {
        return URI.create("http://localhost:" + options.port(service));
    }

    /** The keys the gateway signs identity tokens with; tests mint tokens from them. */
    public IdentityKeys identityKeys() {
        return identityKeys;
    }

    /** The Kafka bootstrap servers the services use. */
    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** The PostgreSQL the services use. */
    public PostgresCoordinates postgres() {
        return postgres;
    }

    /** The initial admin passed to the gateway on this run. */
    public InitialAdmin initialAdmin() {
        return initialAdmin;
    }

    /** How long the start took, from the launcher's first step until every service answered ready. */
    public Duration timeToReady() {
        return timeToReady;
    }

    /** Stops the embedded PostgreSQL, keeping its data (the services stay up and report not ready). */
    public synchronized void stopPostgres() {
        try {
            embeddedPostgres().stop();
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL did not stop: " + e.getMessage(), e);
        }
    }

    /** Starts the embedded PostgreSQL again on the same port and data dir. */
    public synchronized void restartPostgres() {
        try {
            embeddedPostgres().restart();
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL did not restart: " + e.getMessage(), e);
        }
    }

    /**
     * Kills a service's process with SIGKILL, as a crash would (for durability drills); the rest of the stack keeps
     * running. {@link #restartService} starts it again.
     */
    public void killService(Service service) {
        ManagedProcess process = services.get(service);
        if (process == null) {
            throw new IllegalStateException(service.moduleName() + " was not started by this stack");
        }
        process.kill();
    }

    /**
     * Starts a service that was killed again, with the same port and configuration (its log goes to
     * {@code <name>-restarted.log}), and waits until it answers ready.
     *
     * @throws StackStartException when it does not turn ready within the stack's ready timeout
     */
    public void restartService(Service service) {
        ManagedProcess previous = services.get(service);
        if (previous != null && previous.isAlive()) {
            throw new IllegalStateException(service.moduleName() + " is still running");
        }
        ManagedProcess process = relauncher.apply(service);
        services.put(service, process);
        URI ready = URI.create("http://127.0.0.1:" + options.port(service) + "/q/health/ready");
        new ReadinessWaiter(System.nanoTime(), options.readyTimeout()).awaitHttpReady(Map.of(process, ready),
                started -> Map.of());
    }

    /** Whether a shutdown has begun (children exiting from now on are expected). */
    public boolean isClosing() {
        return closing;
    }

    /**
     * Stops everything: the services (SIGTERM, up to 10 s, then SIGKILL, descendants included), then the Kafka
     * JVM the same way, then PostgreSQL. Safe to call more than once and from several threads: later callers
     * wait until the first one has finished, so a shutdown hook never lets the JVM exit halfway.
     */
    @Override
    public void close() {
        List<ManagedProcess> children = supervisor.closeAndList();
        boolean first;
        synchronized (closed) {
            first = !closing;
            closing = true;
        }
        if (!first) {
            closed.join();
            return;
        }
        try {
            List<ManagedProcess> servicesFirst = new ArrayList<>();
            List<ManagedProcess> kafka = new ArrayList<>();
            for (ManagedProcess child : children) {
                (KafkaProcess.NAME.equals(child.name()) ? kafka : servicesFirst).add(child);
            }
            supervisor.stop(servicesFirst);
            supervisor.stop(kafka);
            closePostgres();
        } finally {
            closed.complete(null);
            removeShutdownHook();
        }
    }

    void setIdentityKeys(IdentityKeys keys) {
        this.identityKeys = keys;
    }

    void setKafkaBootstrapServers(String servers) {
        this.kafkaBootstrapServers = servers;
    }

    void setPostgres(PostgresCoordinates coordinates) {
        this.postgres = coordinates;
    }

    void setInitialAdmin(InitialAdmin admin) {
        this.initialAdmin = admin;
    }

    void setTimeToReady(Duration duration) {
        this.timeToReady = duration;
    }

    void setService(Service service, ManagedProcess process) {
        services.put(service, process);
    }

    void setRelauncher(Function<Service, ManagedProcess> relauncher) {
        this.relauncher = relauncher;
    }

    ProcessSupervisor supervisor() {
        return supervisor;
    }

    /** Every child process (services and the Kafka JVM), for watching them after the start. */
    List<ManagedProcess> children() {
        return supervisor.started();
    }

    /** Starts the embedded PostgreSQL under the lock, so a concurrent close waits and then stops it. */
    synchronized EmbeddedPostgresServer startPostgres(Path dataDir, int port) {
        if (postgresClosed) {
            throw new StackStartException("The stack is shutting down; not starting PostgreSQL");
        }
        try {
            postgresServer = EmbeddedPostgresServer.start(dataDir, port);
        } catch (Exception e) {
            throw new StackStartException("PostgreSQL did not start on port " + port + ": " + e.getMessage(), e);
        }
        return postgresServer;
    }

    private synchronized void closePostgres() {
        postgresClosed = true;
        if (postgresServer != null) {
            try {
                postgresServer.close();
            } catch (Exception e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            postgresServer = null;
        }
    }

    private EmbeddedPostgresServer embeddedPostgres() {
        if (postgresServer == null) {
            throw new IllegalStateException("PostgreSQL is external or the stack is closed");
        }
        return postgresServer;
    }

    private void removeShutdownHook() {
        if (Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook will find the stack closed.
        }
    }
}
