package io.fieldline.gateway.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimitsTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);

    @Test
    void perIpLimitRefusesTheRequestAfterTheLimitUntilTheWindowEnds() {
        RateLimits limits = limits(3, 0, 0, 0);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limits.acquire("198.51.100.1", false, null));
        }
        clock.addAndGet(20_000);
        assertEquals(40_000, limits.acquire("198.51.100.1", false, null));
        assertEquals(0, limits.acquire("198.51.100.2", false, null), "another client has its own window");

        clock.addAndGet(40_000);
        assertEquals(0, limits.acquire("198.51.100.1", false, null), "a new window starts");
    }

    @Test
    void refusedRequestsDoNotCountAgainstAnyLimit() {
        // GIVEN a global limit of 4 and one client that used up its own limit of 2
        RateLimits limits = limits(2, 0, 4, 0);
        limits.acquire("198.51.100.1", false, null);
        limits.acquire("198.51.100.1", false, null);

        // WHEN that client keeps trying
        for (int i = 0; i < 10; i++) {
            limits.acquire("198.51.100.1", false, null);
        }

        // THEN the global window still has room for exactly two more requests
        assertEquals(0, limits.acquire("198.51.100.2", false, null));
        assertEquals(0, limits.acquire("198.51.100.3", false, null));
        assertEquals(60_000, limits.acquire("198.51.100.4", false, null));
    }

    @Test
    void aRequestRefusedByTheGlobalLimitIsTakenBackFromTheClientsCount() {
        // GIVEN a global limit of 2 (window from t0) and a client limit of 2 (window from t0 + 30 s)
        RateLimits limits = limits(2, 0, 2, 0);
        assertEquals(0, limits.acquire("198.51.100.9", false, null));
        clock.addAndGet(30_000);
        assertEquals(0, limits.acquire("198.51.100.1", false, null));

        // WHEN the client's second request finds the global window full
        clock.addAndGet(10_000);
        assertEquals(20_000, limits.acquire("198.51.100.1", false, null));

        // THEN once the global window renews, the client still has its second request, and then no more
        clock.addAndGet(20_000);
        assertEquals(0, limits.acquire("198.51.100.1", false, null));
        assertEquals(30_000, limits.acquire("198.51.100.1", false, null));
    }

    @Test
    void credentialLimitFollowsTheCredentialAcrossAddresses() {
        RateLimits limits = limits(100, 2, 0, 0);
        assertEquals(0, limits.acquire("198.51.100.1", false, "Bearer a"));
        assertEquals(0, limits.acquire("198.51.100.2", false, "Bearer a"));
        assertEquals(60_000, limits.acquire("198.51.100.3", false, "Bearer a"));
        assertEquals(0, limits.acquire("198.51.100.3", false, "Bearer b"));
        assertEquals(0, limits.acquire("198.51.100.3", false, null));
    }

    @Test
    void authPathsHaveTheirOwnStricterLimitPerAddress() {
        RateLimits limits = limits(5, 0, 0, 2);
        assertEquals(0, limits.acquire("198.51.100.1", true, null));
        assertEquals(0, limits.acquire("198.51.100.1", true, null));
        assertEquals(60_000, limits.acquire("198.51.100.1", true, null));
        assertEquals(0, limits.acquire("198.51.100.1", false, null), "other paths still pass");
    }

    private RateLimits limits(int perIp, int perCredential, int global, int authPerIp) {
        return new RateLimits(new Limits(perIp, perCredential, global, authPerIp), clock::get);
    }

    private record Limits(int perIp, int perCredential, int global, int authPerIp)
            implements
                ProtectionConfig.RateLimit {

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public Duration window() {
            return Duration.ofMinutes(1);
        }

        @Override
        public String authPrefix() {
            return "/api/v1/auth/";
        }

        @Override
        public int maxTrackedKeys() {
            return 1000;
        }
    }
}
