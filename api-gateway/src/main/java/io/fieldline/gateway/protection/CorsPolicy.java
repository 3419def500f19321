package io.fieldline.gateway.protection;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Which browser origins may call the gateway, and what a preflight answer announces. */
final class CorsPolicy {

    static final String WILDCARD = "*";

    private final Set<String> origins;
    private final boolean anyOrigin;
    final boolean allowCredentials;
    final String methods;
    final String headers;
    final String exposedHeaders;
    final String maxAgeSeconds;

    CorsPolicy(ProtectionConfig.Cors config) {
        List<String> configured = config.origins().orElse(List.of());
        validate(configured, config.allowCredentials());
        this.origins = configured.stream().map(CorsPolicy::normalize).collect(Collectors.toUnmodifiableSet());
        this.anyOrigin = origins.contains(WILDCARD);
        this.allowCredentials = config.allowCredentials();
        this.methods = String.join(", ", config.methods());
        this.headers = String.join(", ", config.headers());
        this.exposedHeaders = String.join(", ", config.exposedHeaders());
        this.maxAgeSeconds = Long.toString(config.maxAge().toSeconds());
    }

    /**
     * Refuses a wildcard origin together with credentials: browsers reject that combination, and echoing every origin
     * instead would let any web site act with a user's credentials.
     */
    static void validate(List<String> origins, boolean allowCredentials) {
        if (allowCredentials && origins.stream().anyMatch(origin -> WILDCARD.equals(origin.trim()))) {
            throw new IllegalArgumentException("fieldline.protection.cors.origins contains '*' while "
                    + "fieldline.protection.cors.allow-credentials is true; list the allowed origins explicitly "
                    + "or switch credentials off.");
        }
    }

    /** Whether CORS is configured at all. */
    boolean enabled() {
        return !origins.isEmpty();
    }

    /** Whether the wildcard is configured, so no origin is echoed and responses do not vary by origin. */
    boolean anyOrigin() {
        return anyOrigin;
    }

    /** Whether a browser at this origin may call the gateway. */
    boolean allows(String origin) {
        return anyOrigin || origins.contains(normalize(origin));
    }

    private static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
