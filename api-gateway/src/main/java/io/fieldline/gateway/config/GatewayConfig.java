package io.fieldline.gateway.config;

import java.net.URI;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the api-gateway ({@code fieldline.gateway.*}; env {@code FIELDLINE_GATEWAY_*}). */
@ConfigMapping(prefix = "fieldline.gateway")
public interface GatewayConfig {

    /** Base URL of ingest-service. */
    @WithDefault("http://localhost:8081")
    URI ingestUrl();

    /** Base URL of rules-service. */
    @WithDefault("http://localhost:8082")
    URI rulesUrl();

    /** Base URL of webhook-service. */
    @WithDefault("http://localhost:8083")
    URI webhookUrl();

    /** Base URL of ota-service. */
    @WithDefault("http://localhost:8084")
    URI otaUrl();

    /** How long to wait for a connection to a service before answering 503. */
    @WithDefault("5S")
    Duration connectTimeout();

    /** How long a service may stay silent (no response, no data) before the gateway answers 504. */
    @WithDefault("30S")
    Duration readTimeout();

    /** Connections kept per service and event loop. */
    @WithDefault("200")
    int maxConnectionsPerService();

    /** Requests allowed to wait for a connection (per service and event loop) before 503; bounds memory. */
    @WithDefault("1000")
    int maxWaitingRequests();

    /** Lifetime of the internal identity tokens the gateway mints. */
    @WithDefault("60S")
    Duration identityTokenLifetime();

    /** The {@code /health} document. */
    Health health();

    /** Settings of the {@code /health} document. */
    interface Health {

        /** How often the downstream checks run; {@code /health} answers from the last result. */
        @WithDefault("2S")
        Duration refreshInterval();

        /** Timeout of each downstream check. */
        @WithDefault("2S")
        Duration timeout();

        /** The version reported by {@code /health}. */
        @WithDefault("${quarkus.application.version}")
        String version();

        /**
         * How often the overall state of {@code /health} is compared with the last announced one; a change is
         * published as {@code system.health_changed} on {@code fieldline.activity.v1}.
         */
        @WithDefault("10S")
        Duration changeCheckInterval();

        /** How long Kafka may take to acknowledge one {@code system.health_changed} record before the round fails. */
        @WithDefault("6S")
        Duration changePublishTimeout();
    }
}
