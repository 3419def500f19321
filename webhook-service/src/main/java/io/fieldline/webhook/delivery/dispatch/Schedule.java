package io.fieldline.webhook.delivery.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** When the next attempt of a delivery happens, if any: the schedule's delay for it, with jitter. */
final class Schedule {

    private Schedule() {
    }

    /**
     * The delay before attempt {@code nextAttempt} (1-based), or -1 when the schedule has no such attempt (the
     * delivery is dead-lettered).
     *
     * @param own the subscription's schedule in seconds, or null for {@code defaults}
     */
    static long delayMillis(int nextAttempt, List<Integer> own, List<Duration> defaults, double jitter) {
        int attempts = own != null ? own.size() : defaults.size();
        if (nextAttempt > attempts) {
            return -1;
        }
        long base = own != null ? own.get(nextAttempt - 1) * 1000L : defaults.get(nextAttempt - 1).toMillis();
        double factor = jitter <= 0 ? 1 : 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
        return Math.max(0, Math.round(base * factor));
    }
}
