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
    }
}
