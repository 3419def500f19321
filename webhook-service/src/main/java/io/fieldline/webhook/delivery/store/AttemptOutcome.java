package io.fieldline.webhook.delivery.store;

import java.time.Instant;

/**
 * What one attempt came to, and what becomes of its delivery.
 *
 * @param status the delivery's new status: delivered, failed (retry after {@code retryDelayMillis}) or dead_letter
 * @param responseCode the receiver's HTTP status, or null when none came
 * @param error "HTTP 500", "Timeout", "Transport error: …", or null on success
 * @param excerpt the first bytes of the response body (UTF-8, at most the configured excerpt)
 * @param gone the receiver answered 410: the subscription is disabled
 */
public record AttemptOutcome(String status, Integer responseCode, String error, String excerpt, Instant attemptedAt,
        int durationMillis, long retryDelayMillis, boolean gone) {

    /** Whether the attempt succeeded. */
    public boolean delivered() {
        return "delivered".equals(status);
    }
}
