package io.fieldline.testsupport;

import java.nio.file.Path;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/** The real single-node KRaft server behind {@link EmbeddedKafkaBroker}; a new KafkaRaftServer per (re)start. */
final class KafkaNode {

    private final Properties props;
    private final Path logDir;
    private final boolean ownsLogDir;
    private KafkaRaftServer server;
    private boolean closed;

    private KafkaNode(Properties props, Path logDir, boolean ownsLogDir) {
        this.props = props;
        this.logDir = logDir;
        this.ownsLogDir = ownsLogDir;
    }

    static KafkaNode start(int port, int controllerPort, Path logDir) {
        QuietLogs.apply();
        boolean owns = logDir == null;
        Path dir = owns ? Directories.createTemp("fieldline-kafka-") : logDir.toAbsolutePath();
        int[] free = Directories.freePorts(2);
        int clientPort = port != 0 ? port : (free[0] != controllerPort ? free[0] : free[1]);
        int quorumPort = controllerPort != 0 ? controllerPort : (free[1] != clientPort ? free[1] : free[0]);
        Properties props = KafkaBrokerConfig.singleNode(clientPort, quorumPort, dir);
        KafkaBrokerConfig.formatIfNeeded(props, dir);
        KafkaNode node = new KafkaNode(props, dir, owns);
        node.startServer();
        return node;
    }

    String bootstrapServers() {
        return props.getProperty("advertised.listeners").substring("PLAINTEXT://".length());
    }

    synchronized void startServer() {
        if (closed) {
            throw new IllegalStateException("Broker on " + logDir + " is closed");
        }
        if (server != null) {
            return;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Kafka loads configured classes through the context loader, which under Quarkus holds another copy of Kafka.
        thread.setContextClassLoader(KafkaNode.class.getClassLoader());
        KafkaRaftServer candidate = null;
        try {
            candidate = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
            candidate.startup();
            server = candidate;
        } catch (RuntimeException e) {
            if (candidate != null) {
                shutDown(candidate); // frees the ports a half-started server bound
            }
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    synchronized void stop() {
        if (server != null) {
            KafkaRaftServer running = server;
            server = null;
            shutDown(running);
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
        if (ownsLogDir) {
            Directories.deleteQuietly(logDir);
        }
    }

    private static void shutDown(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }
}
