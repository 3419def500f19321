package io.fieldline.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/** The properties of a single-node KRaft Kafka (broker and controller in one process) and its log dir formatting. */
public final class KafkaBrokerConfig {

    private KafkaBrokerConfig() {
    }

    /**
     * Broker properties listening on 127.0.0.1; usable in this JVM, or as {@code server.properties} for
     * {@code kafka.Kafka} in another one.
     *
     * @param port the client (PLAINTEXT) port, a real port number
     * @param controllerPort the KRaft controller port, a real port number
     * @param logDir where the broker keeps its data and metadata log
     */
    public static Properties singleNode(int port, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        // One node holds one replica: with the default of 3 internal topics are never created and groups never form.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        // Creating 50 partitions per internal topic costs seconds on two shared cores; 5 is plenty for one node.
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.num.partitions", "5");
        p.setProperty("share.coordinator.state.topic.num.partitions", "5");
        // Groups form at once instead of after the 3 s production delay.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // The services create the platform's topics with fieldline.kafka.partitions (6). With auto-creation a consumer
        // subscribing first created fieldline.datapoints.v1 with the broker's default of one partition: the dev stack
        // then ran every datapoint through one partition (one storage writer of two busy, a 1 GiB segment rolled
        // every 4.6 minutes at 10,000/s).
        p.setProperty("auto.create.topics.enable", "false");
        return p;
    }

    /** Formats {@code logDir} with a fresh cluster id unless it is formatted already (so restarts keep data). */
    public static void formatIfNeeded(Properties props, Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Path propsFile = null;
        try {
            Files.createDirectories(logDir);
            propsFile = Files.createTempFile("fieldline-kafka-", ".properties");
            try (OutputStream out = Files.newOutputStream(propsFile)) {
                props.store(out, "fieldline single-node broker");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            // StorageTool.execute, not main: main ends the JVM.
            int rc = StorageTool.execute(
                    new String[]{ "format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString() },
                    new PrintStream(output, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("Formatting " + logDir + " failed (" + rc + "): " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot format Kafka log dir " + logDir, e);
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException("Cannot format " + logDir, e);
        } finally {
            Directories.deleteQuietly(propsFile);
        }
    }
}
