package io.fieldline.gateway.token;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of API tokens ({@code fieldline.tokens.*}; env {@code FIELDLINE_TOKENS_*}). */
@ConfigMapping(prefix = "fieldline.tokens")
public interface TokensConfig {

    /** How often recorded token uses are written to {@code api_token.last_used_at} (in one UPDATE). */
    @WithDefault("10S")
    Duration lastUsedFlushInterval();

    /** Distinct tokens whose last use may wait for the next flush; beyond it, a flush starts at once. */
    @WithDefault("10000")
    int lastUsedMaxPending();

    /** API tokens one user may hold (seed 000 allows 20). */
    @WithDefault("20")
    int maxPerUser();
}
