package io.fieldline.deploy;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.fieldline.testsupport.KafkaBrokerConfig;

/** Starts the dev stack's single-node KRaft broker as its own JVM, with its log dir under the data dir. */
final class KafkaProcess {

    static final String NAME = "kafka";

    private KafkaProcess() {
    }

    /**
     * Writes {@code kafka/server.properties}, formats the log dir on first use and starts {@code kafka.Kafka} (via {@link KafkaBrokerMain}).
     * A separate JVM rather than an in-process broker so the broker's threads, heap and logging stay out of
     * the launcher, exactly as a real broker would run.
     */
    static ManagedProcess launch(ProcessSupervisor supervisor, StackOptions options) {
        Path logDir = options.dataDir().resolve("kafka");
        Path serverProperties = logDir.resolve("server.properties");
        try {
            Files.createDirectories(logDir);
            Properties properties = KafkaBrokerConfig.singleNode(options.kafkaPort(), options.kafkaControllerPort(),
                    logDir);
            try (OutputStream out = Files.newOutputStream(serverProperties)) {
                properties.store(out, "Written by the Fieldline dev stack on every start; edits are overwritten.");
            }
            KafkaBrokerConfig.formatIfNeeded(properties, logDir);
        } catch (IOException | RuntimeException e) {
            throw new StackStartException("Could not prepare the Kafka log dir " + logDir + ": " + e.getMessage(), e);
        }
        // The heap and collector settings kafka-server-start.sh gives a broker (a 512 MB heap held ~180 MB live under
        // bench-live and collected every few seconds). Kafka logs through slf4j to JBoss LogManager, which must also be
        // JUL's manager.
        List<String> command = List.of(ProcessSupervisor.javaExecutable(), "-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", classpath(options.repoRoot()), KafkaBrokerMain.class.getName(), serverProperties.toString());
        return supervisor.start(NAME, command, Map.of());
    }

    /**
     * This module's classes (for {@link KafkaBrokerMain}) and its runtime classpath, which maven-dependency-plugin
     * writes at package time.
     */
    private static String classpath(Path repoRoot) {
        Path file = repoRoot.resolve("deploy/target/classpath.txt");
        try {
            return repoRoot.resolve("deploy/target/classes") + File.pathSeparator
                    + Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new StackStartException("Missing " + file + ": build first with ./mvnw -B -ntp -DskipTests install",
                    e);
        }
    }
}
