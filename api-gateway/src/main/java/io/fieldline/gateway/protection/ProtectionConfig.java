package io.fieldline.gateway.protection;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the gateway's edge protection ({@code fieldline.protection.*}; env {@code FIELDLINE_PROTECTION_*}):
 * client address, rate limits and CORS. Rate limits are counted in memory by each gateway replica, so with N replicas
 * behind a load balancer a client may get up to N times the configured rates.
 */
@ConfigMapping(prefix = "fieldline.protection")
public interface ProtectionConfig {

    /**
     * CIDRs (or single addresses) of the reverse proxies in front of the gateway. Only when the direct peer is one of
     * them is {@code X-Forwarded-For} read, walking from the right to the first address that is not a trusted proxy.
     * Default: none, so the socket peer is the client.
     */
    Optional<List<String>> trustedProxies();

    /** Rate limits. */
    RateLimit rateLimit();

    /** Cross-origin resource sharing. */
    Cors cors();

    /**
     * Rate limits on {@code /api/} and {@code /ws} paths, counted per window in this replica only; a request refused by
     * one limit counts against none. A limit of 0 or less switches that limit off.
     */
    interface RateLimit {

        /** Whether rate limiting is on at all. */
        @WithDefault("true")
        boolean enabled();

        /** Length of the counting window; a key's window starts with its first request. */
        @WithDefault("60S")
        Duration window();

        /** Requests per window from one client address. */
        @WithDefault("300")
        int perIp();

        /** Requests per window with one credential (keyed by the SHA-256 of the Authorization header). */
        @WithDefault("600")
        int perCredential();

        /** Requests per window over all clients of this replica. */
        @WithDefault("20000")
        int global();

        /** Requests per window from one client address to the authentication paths (login, refresh, …). */
        @WithDefault("10")
        int authPerIp();

        /** Path prefix of the authentication endpoints that get the stricter {@link #authPerIp()} limit. */
        @WithDefault("/api/v1/auth/")
        String authPrefix();

        /** Client addresses or credentials tracked at once per limit; the least recently seen are dropped first. */
        @WithDefault("100000")
        int maxTrackedKeys();
    }

    /** CORS; with no origins configured no CORS header is sent and every preflight is refused. */
    interface Cors {

        /**
         * Origins allowed to call the API from a browser, e.g. {@code https://app.example.com}; {@code *} allows any
         * origin (not together with {@link #allowCredentials()}). Default: none.
         */
        Optional<List<String>> origins();

        /** Methods announced in preflight answers. */
        @WithDefault("GET,POST,PUT,PATCH,DELETE,OPTIONS")
        List<String> methods();

        /** Request headers announced in preflight answers. */
        @WithDefault("Authorization,Content-Type,X-Request-ID")
        List<String> headers();

        /** Response headers a browser script may read. */
        @WithDefault("X-Request-ID")
        List<String> exposedHeaders();

        /** Whether browsers may send credentials (cookies, HTTP auth) cross-origin. */
        @WithDefault("false")
        boolean allowCredentials();

        /** How long browsers may cache a preflight answer. */
        @WithDefault("10M")
        Duration maxAge();
    }
}
