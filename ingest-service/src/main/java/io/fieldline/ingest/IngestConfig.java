package io.fieldline.ingest;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of ingest-service ({@code fieldline.ingest.*}; env {@code FIELDLINE_INGEST_*}). */
@ConfigMapping(prefix = "fieldline.ingest")
public interface IngestConfig {

    /**
     * How long a request waits for Kafka to acknowledge an activity record before it answers 503 and undoes its
     * change. Keep it above the channel's {@code max.block.ms} + {@code delivery.timeout.ms}, so the producer has
     * given up on the record before the request does (a record must not reach Kafka after its change was undone).
     */
    @WithDefault("6S")
    Duration activityAckTimeout();

    /** Datapoint intake: {@code POST /api/v1/datapoints} and {@code /batch} ({@code fieldline.ingest.intake.*}). */
    Intake intake();

    /** Limits and timeouts of the datapoint intake. */
    interface Intake {

        /** Most datapoints one batch request may carry (seed 000: 500); more is answered 422. */
        @WithDefault("500")
        int batchMaxItems();

        /** How far a device timestamp may lie ahead of the server's clock before the datapoint is refused. */
        @WithDefault("5M")
        Duration maxFutureSkew();

        /**
         * How long a request waits for Kafka to acknowledge all its datapoint records before it answers 503. Keep it
         * above the {@code datapoints-out} channel's {@code max.block.ms} + {@code delivery.timeout.ms}, so the
         * producer has given up on a record before the client is told it was not accepted.
         */
        @WithDefault("6S")
        Duration ackTimeout();

        /** How long the lookup of the request's events and the running experiment may take before 503. */
        @WithDefault("2S")
        Duration lookupTimeout();

        /** What the intake remembers of the lookups ({@code fieldline.ingest.intake.cache.*}). */
        Cache cache();
    }

    /**
     * The intake's memory of which event ids exist and which experiment runs, per tenant, emptied whenever PostgreSQL
     * notifies a change of either ({@code intake.store.IntakeCache}).
     */
    interface Cache {

        /** Whether lookups are remembered at all (false: every request queries the database). */
        @WithDefault("true")
        boolean enabled();

        /** Most event ids remembered over all tenants; beyond that the least recently used tenants are forgotten. */
        @WithDefault("100000")
        long maxEvents();

        /**
         * How long a change of events or experiments waits at most for every ingest replica to confirm it emptied its
         * memory before it answers anyway (a warning is logged then).
         */
        @WithDefault("1S")
        Duration echoTimeout();
    }

    /** Time-series storage: the datapoint writer, partitions and retention. */
    Storage storage();

    /** {@code fieldline.ingest.storage.*}. */
    interface Storage {

        /** Days of datapoints kept; day partitions entirely older than this are dropped (with their rollups). */
        @WithDefault("90")
        int retentionDays();

        /** Day partitions created ahead of today, so the writer rarely creates one on demand. */
        @WithDefault("3")
        int partitionsAhead();

        /** How often partitions are created ahead and expired ones dropped (also once at start). */
        @WithDefault("1H")
        Duration maintenanceInterval();

        /** The Kafka consumer(s) that store {@code fieldline.datapoints.v1} in PostgreSQL. */
        Writer writer();
    }

    /** {@code fieldline.ingest.storage.writer.*}. */
    interface Writer {

        /** Whether this instance runs the writer (a read-only replica may turn it off). */
        @WithDefault("true")
        boolean enabled();

        /** Consumer group of the writers; offsets are stored in PostgreSQL under this name. */
        @WithDefault("ingest-storage-writer")
        String groupId();

        /**
         * Writer threads, each with its own consumer in the group and its own JDBC connection (keep
         * {@code quarkus.datasource.jdbc.max-size} above it). More than the topic's partitions idle.
         */
        @WithDefault("2")
        int concurrency();

        /** Rows that make a batch flush at once (one COPY and one transaction). */
        @WithDefault("5000")
        int batchSize();

        /** The longest a received datapoint waits in memory before its batch is flushed. */
        @WithDefault("200MS")
        Duration flushInterval();

        /** Consumer {@code max.poll.records}: records (each up to a request's worth of datapoints) per poll. */
        @WithDefault("500")
        int maxPollRecords();

        /**
         * Consumer {@code fetch.min.bytes}: the broker answers a fetch once this much is waiting (or after
         * {@link #fetchMaxWait()}), so a stream of single-datapoint records costs a fetch per wait, not per record.
         */
        @WithDefault("65536")
        int fetchMinBytes();

        /** Consumer {@code fetch.max.wait.ms}: kept below the flush interval so a flush is not delayed. */
        @WithDefault("100MS")
        Duration fetchMaxWait();

        /** Consumer {@code max.partition.fetch.bytes}. */
        @WithDefault("1048576")
        int maxPartitionFetchBytes();

        /** Consumer {@code fetch.max.bytes}: bounds the memory one poll can take. */
        @WithDefault("8388608")
        int fetchMaxBytes();

        /** First pause after a failed flush (PostgreSQL unreachable); doubles up to {@link #retryBackoffMax()}. */
        @WithDefault("200MS")
        Duration retryBackoff();

        /** Longest pause between attempts while PostgreSQL is unreachable. */
        @WithDefault("5S")
        Duration retryBackoffMax();
    }
}
