package io.fieldline.ingest.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.ingest.IngestConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import org.jboss.logging.Logger;

/**
 * Starts the storage writer: {@code concurrency} {@link WriterLoop}s on their own platform threads (they block on
 * Kafka polls and JDBC, so never on an event loop), and a maintenance thread that keeps partitions ahead and drops
 * expired ones.
 */
@ApplicationScoped
public class DatapointWriter {

    private static final Logger LOG = Logger.getLogger(DatapointWriter.class);

    private final IngestConfig.Storage config;
    private final DataSource dataSource;
    private final DatapointPartitions partitions;
    private final WriterMetrics metrics;
    private final Map<String, Object> kafkaConfig;
    private final List<WriterLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private ScheduledExecutorService maintenance;

    DatapointWriter(IngestConfig config, DataSource dataSource, DatapointPartitions partitions, WriterMetrics metrics,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.config = config.storage();
        this.dataSource = dataSource;
        this.partitions = partitions;
        this.metrics = metrics;
        this.kafkaConfig = kafkaConfig;
    }

    void onStart(@Observes StartupEvent event) {
        maintenance = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "datapoint-partitions"));
        maintenance.scheduleWithFixedDelay(this::maintain, 0, config.maintenanceInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        if (!config.writer().enabled()) {
            return;
        }
        for (int i = 0; i < config.writer().concurrency(); i++) {
            String name = "datapoint-writer-" + i;
            WriterLoop loop = new WriterLoop(name, kafkaConfig, config.writer(),
                    new BatchStore(dataSource, partitions, config.writer().groupId()), metrics);
            Thread thread = new Thread(loop, name);
            thread.start();
            loops.add(loop);
            threads.add(thread);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        loops.forEach(WriterLoop::stop);
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (maintenance != null) {
            maintenance.shutdownNow();
        }
    }

    private void maintain() {
        try {
            partitions.maintain();
        } catch (Exception e) {
            // PostgreSQL unreachable: the writer creates the partitions it needs on demand meanwhile.
            LOG.warnf("Partition maintenance failed (%s); retrying at the next interval", e.getMessage());
        }
    }
}
