package io.fieldline.testsupport;

import java.nio.file.Path;
import java.util.Map;

/** A real PostgreSQL (zonky's embedded binaries, works as root) on 127.0.0.1 with a database {@code fieldline}. */
public final class EmbeddedPostgresServer implements AutoCloseable {

    static final String HOST = "host";
    static final String PORT = "port";
    static final String DATABASE = "database";
    static final String USER = "user";
    static final String PASSWORD = "password";
    static final String STOP = "stop";
    static final String RESTART = "restart";
    static final String CLOSE = "close";

    private final Map<String, Object> handle;

    private EmbeddedPostgresServer(Map<String, Object> handle) {
        this.handle = handle;
    }

    /**
     * Starts PostgreSQL, creating the cluster only if {@code dataDirectory} does not hold one yet.
     *
     * @param dataDirectory the cluster directory, kept on stop and close (its server log goes to the sibling file
     *     {@code <name>.log}); null for a temp dir deleted by {@link #close()}
     * @param port the port, 0 for a free one
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        PostgresNode node = PostgresNode.start(dataDirectory, port);
        return new EmbeddedPostgresServer(Map.of(HOST, "127.0.0.1", PORT, node.port(), DATABASE, PostgresNode.DATABASE,
                USER, PostgresNode.USER, PASSWORD, PostgresNode.PASSWORD,
                STOP, (Runnable) node::stop, RESTART, (Runnable) node::restart, CLOSE, (Runnable) node::close));
    }

    /** Always {@code 127.0.0.1}. */
    public String host() {
        return (String) handle.get(HOST);
    }

    /** The port; unchanged across {@link #stop()} and {@link #restart()}. */
    public int port() {
        return (Integer) handle.get(PORT);
    }

    /** {@code fieldline}, created at start if absent. */
    public String database() {
        return (String) handle.get(DATABASE);
    }

    /** The superuser name. */
    public String user() {
        return (String) handle.get(USER);
    }

    /** The password to send (the server trusts local connections and ignores it). */
    public String password() {
        return (String) handle.get(PASSWORD);
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/fieldline}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database();
    }

    /** {@code postgresql://127.0.0.1:<port>/fieldline}, the form the reactive client takes. */
    public String reactiveUrl() {
        return "postgresql://" + host() + ":" + port() + "/" + database();
    }

    /** Shuts the server down (fast mode) and frees its port; the data stays for {@link #restart()}. */
    public void stop() {
        ((Runnable) handle.get(STOP)).run();
    }

    /** Stops the server if it runs, then starts it again on the same port and data directory. */
    public void restart() {
        ((Runnable) handle.get(RESTART)).run();
    }

    /** Stops the server for good and deletes its data directory if it was a temp dir. */
    @Override
    public void close() {
        ((Runnable) handle.get(CLOSE)).run();
    }

    /** This server's coordinates and controls as JDK types, for a copy of this class in another class loader. */
    Map<String, Object> handle() {
        return handle;
    }

    /** A server controlled through a {@link #handle()} made by another class loader's copy of this class. */
    static EmbeddedPostgresServer fromHandle(Map<String, Object> handle) {
        return new EmbeddedPostgresServer(handle);
    }
}
