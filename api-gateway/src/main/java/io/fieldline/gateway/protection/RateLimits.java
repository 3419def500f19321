package io.fieldline.gateway.protection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import io.fieldline.support.reactive.InlineCaches;

/**
 * The counters behind the gateway's rate limits: per client address, per client address on authentication paths,
 * per credential and global. Memory stays bounded: each keyed limit keeps at most {@code maxTrackedKeys} windows and
 * drops idle ones after a window. Counts are local to this replica.
 */
final class RateLimits {

    private final long windowMillis;
    private final LongSupplier clock;
    private final Keyed perIp;
    private final Keyed authPerIp;
    private final Keyed perCredential;
    private final int globalLimit;
    private final CountingWindow global;

    RateLimits(ProtectionConfig.RateLimit config, LongSupplier clock) {
        this.windowMillis = config.window().toMillis();
        this.clock = clock;
        this.perIp = new Keyed(config.perIp(), config.window(), config.maxTrackedKeys());
        this.authPerIp = new Keyed(config.authPerIp(), config.window(), config.maxTrackedKeys());
        this.perCredential = new Keyed(config.perCredential(), config.window(), config.maxTrackedKeys());
        this.globalLimit = config.global();
        this.global = new CountingWindow(clock.getAsLong());
    }

    /**
     * Counts a request against every limit that applies, or against none if any refuses it.
     *
     * @param client the client address
     * @param authPath whether the request goes to an authentication endpoint
     * @param authorization the Authorization header, or null
     * @return 0 when the request may pass, else the milliseconds until the refusing window frees
     */
    long acquire(String client, boolean authPath, String authorization) {
        long now = clock.getAsLong();
        List<Runnable> undo = new ArrayList<>(4);
        long wait = 0;
        if (authPath) {
            wait = take(authPerIp, client, now, undo);
        }
        if (wait == 0) {
            wait = take(perIp, client, now, undo);
        }
        if (wait == 0 && authorization != null) {
            wait = take(perCredential, sha256(authorization), now, undo);
        }
        if (wait == 0 && globalLimit > 0) {
            wait = take(global, globalLimit, now, undo);
        }
        if (wait > 0) {
            undo.forEach(Runnable::run);
        }
        return wait;
    }

    private long take(Keyed limit, String key, long now, List<Runnable> undo) {
        if (limit.limit <= 0) {
            return 0;
        }
        return take(limit.windows.get(key, k -> new CountingWindow(now)), limit.limit, now, undo);
    }

    private long take(CountingWindow window, int limit, long now, List<Runnable> undo) {
        CountingWindow.Attempt attempt = window.tryAcquire(limit, windowMillis, now);
        if (!attempt.granted()) {
            return Math.max(1, attempt.retryAfterMillis());
        }
        undo.add(() -> window.release(attempt.windowStart()));
        return 0;
    }

    // The secret itself is never kept in memory longer than the request; only its digest is a map key.
    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static final class Keyed {

        private final int limit;
        private final Cache<String, CountingWindow> windows;

        Keyed(int limit, Duration window, int maxKeys) {
            this.limit = limit;
            // A key not seen for a whole window has nothing left to count, so dropping it loses nothing.
            this.windows = InlineCaches.builder().maximumSize(Math.max(1, maxKeys)).expireAfterAccess(window).build();
        }
    }
}
