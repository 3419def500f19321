package io.fieldline.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of webhook-service ({@code fieldline.webhook.*}; env {@code FIELDLINE_WEBHOOK_*}). */
@ConfigMapping(prefix = "fieldline.webhook")
public interface WebhookConfig {

    /**
     * AES-256 key (base64 of 32 bytes) that encrypts the signing secrets at rest. Production sets it from a
     * Kubernetes secret; when absent, {@link #secretKeyFile()} is used (created on first start).
     */
    Optional<String> secretKey();

    /** File holding the base64 key when {@link #secretKey()} is not set; created (mode 600) when missing. */
    @WithDefault(".fieldline/webhook/secret.key")
    String secretKeyFile();

    /**
     * Delay before each attempt of a delivery: the first entry before attempt 1, the second after the first failure,
     * and so on; after the last attempt fails the delivery is dead-lettered. A subscription may set its own.
     */
    @WithDefault("0S,5S,30S,2M,10M,30M,1H,3H")
    List<Duration> retrySchedule();

    /** Each delay is multiplied by a random factor in [1 - jitter, 1 + jitter], so retries of a burst spread out. */
    @WithDefault("0.2")
    double retryJitter();

    /** How long a failing subscription may fail every delivery before it is disabled (and webhook.disabled sent). */
    @WithDefault("3D")
    Duration disableAfterFailing();

    /** How long the previous secret keeps signing after a rotation, unless the rotation names its own grace. */
    @WithDefault("24H")
    Duration rotationGrace();

    /** Connect timeout of a delivery attempt. */
    @WithDefault("5S")
    Duration connectTimeout();

    /** Total time an attempt may take (connect, request, response head and the excerpt); then it is a timeout. */
    @WithDefault("10S")
    Duration requestTimeout();

    /** How much of a receiver's response body is read and kept in the attempt log; the rest is never read. */
    @WithDefault("1024")
    int responseExcerptBytes();

    /** How long delivered and dead-lettered deliveries (with their attempt log) are kept. */
    @WithDefault("30D")
    Duration deliveryRetention();

    /** Attempts in flight at once in this replica. */
    @WithDefault("256")
    int maxInFlight();

    /** Attempts in flight at once per subscription in this replica, so one slow receiver cannot take every slot. */
    @WithDefault("8")
    int maxInFlightPerSubscription();

    /**
     * Attempts in flight at once for a subscription whose latest attempts failed, until one succeeds: dead receivers
     * hang until the timeout, and together they must not hold the slots healthy receivers need.
     */
    @WithDefault("1")
    int maxInFlightPerFailingSubscription();

    /** Open connections per receiver host (the client's pool); further requests wait in a bounded queue. */
    @WithDefault("32")
    int maxConnectionsPerHost();

    /** How often the dispatcher looks for due deliveries when nothing woke it. */
    @WithDefault("250MS")
    Duration pollInterval();

    /** How many due deliveries one dispatcher pass leases at most. */
    @WithDefault("256")
    int leaseBatch();

    /**
     * How long a leased delivery belongs to this replica; if the replica dies mid-attempt another one takes it over
     * after this (with the same webhook-id). Must exceed {@link #requestTimeout()}.
     */
    @WithDefault("60S")
    Duration leaseDuration();

    /** sensor.reading is sent at most once per event per this window (seed 000: 5 s). */
    @WithDefault("5S")
    Duration readingThrottle();

    /**
     * Target addresses (CIDR, e.g. {@code 127.0.0.1/32}) allowed although they are loopback, private, link-local
     * and so on. For development and tests only; empty in production.
     */
    Optional<List<String>> allowedPrivateTargets();
}
