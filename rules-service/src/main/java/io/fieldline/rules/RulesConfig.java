package io.fieldline.rules;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of rules-service ({@code fieldline.rules.*}; env {@code FIELDLINE_RULES_*}). */
@ConfigMapping(prefix = "fieldline.rules")
public interface RulesConfig {

    /** Base URL of ingest-service, asked whether a rule's event exists. */
    @WithDefault("http://localhost:8081")
    String ingestUrl();

    /** How long a rule write waits for ingest-service to answer about the event before answering 503. */
    @WithDefault("3S")
    Duration ingestTimeout();

    /**
     * How long a manual incident transition waits for Kafka to acknowledge its record before answering 503 and
     * rolling back. Keep it above the channel's {@code max.block.ms} + {@code delivery.timeout.ms}.
     */
    @WithDefault("6S")
    Duration publishAckTimeout();

    /** How often each replica polls for rules changed elsewhere (rule changes take effect within this). */
    @WithDefault("500ms")
    Duration rulePollInterval();

    /** How often stale rules (no datapoint for N seconds) are checked. */
    @WithDefault("1S")
    Duration staleCheckInterval();

    /** How often expired shelves are lifted. */
    @WithDefault("1S")
    Duration shelfCheckInterval();

    /** How often the outbox is swept for rows left behind (a crash, a failed send). */
    @WithDefault("1S")
    Duration outboxInterval();

    /**
     * Age from which the sweep takes an outbox row over: rows are published as soon as their transaction commits, so
     * a younger one is normally still being sent (longer than the publish-ack timeout, or it would be sent twice).
     */
    @WithDefault("15S")
    Duration outboxSweepAfter();

    /** Most outbox rows relayed in one sweep transaction. */
    @WithDefault("500")
    int outboxBatchSize();

    /** Longest an evaluation batch may wait behind a PostgreSQL outage before retrying its write (backoff cap). */
    @WithDefault("5S")
    Duration retryBackoffMax();
}
