package io.fieldline.testsupport;

import java.nio.file.Path;
import java.util.Map;

/** A real single-node KRaft Kafka broker running inside the current JVM, on 127.0.0.1. */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    static final String BOOTSTRAP = "bootstrap";
    static final String STOP = "stop";
    static final String RESTART = "restart";
    static final String CLOSE = "close";

    private final Map<String, Object> handle;

    private EmbeddedKafkaBroker(Map<String, Object> handle) {
        this.handle = handle;
    }

    /**
     * Starts a broker, formatting {@code logDir} only if it is not formatted yet (so data survives a new JVM).
     *
     * @param port the client port, 0 for a free one
     * @param controllerPort the KRaft controller port, 0 for a free one
     * @param logDir the data directory, or null for a temp dir deleted by {@link #close()}
     */
    public static EmbeddedKafkaBroker start(int port, int controllerPort, Path logDir) {
        KafkaNode node = KafkaNode.start(port, controllerPort, logDir);
        return new EmbeddedKafkaBroker(Map.of(BOOTSTRAP, node.bootstrapServers(), STOP, (Runnable) node::stop,
                RESTART, (Runnable) node::restart, CLOSE, (Runnable) node::close));
    }

    /** {@code 127.0.0.1:<port>}; unchanged across {@link #stop()} and {@link #restart()}. */
    public String bootstrapServers() {
        return (String) handle.get(BOOTSTRAP);
    }

    /** Shuts the broker down and frees its ports; the data stays for {@link #restart()}. */
    public void stop() {
        ((Runnable) handle.get(STOP)).run();
    }

    /** Stops the broker if it runs, then starts it again on the same ports and log dir. */
    public void restart() {
        ((Runnable) handle.get(RESTART)).run();
    }

    /** Stops the broker for good and deletes its log dir if it was a temp dir. */
    @Override
    public void close() {
        ((Runnable) handle.get(CLOSE)).run();
    }

    /** This broker's address and controls as JDK types, for a copy of this class in another class loader. */
    Map<String, Object> handle() {
        return handle;
    }

    /** A broker controlled through a {@link #handle()} made by another class loader's copy of this class. */
    static EmbeddedKafkaBroker fromHandle(Map<String, Object> handle) {
        return new EmbeddedKafkaBroker(handle);
    }
}
