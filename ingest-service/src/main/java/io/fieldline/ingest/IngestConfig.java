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
}
