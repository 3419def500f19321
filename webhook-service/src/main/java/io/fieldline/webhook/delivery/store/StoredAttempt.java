package io.fieldline.webhook.delivery.store;

import java.time.Instant;

/** One attempt of a delivery, as logged. */
public record StoredAttempt(int attempt, Instant attemptedAt, Integer responseCode, int durationMs, String error,
        String responseExcerpt) {
}
