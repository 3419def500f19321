package io.fieldline.webhook.delivery.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One delivery with the exact body that is sent and every attempt (time, status, duration, error, excerpt). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeliveryDetailResponse(String publicId, String webhookPublicId, String messageId, String eventType,
        String status, int attempts, String lastError, Integer responseCode, Instant createdOn, Instant deliveredOn,
        Instant nextAttemptAt, String payload, List<Attempt> attemptLog) {

    /** One attempt; {@code response_body} holds at most the first 1 KB the receiver answered. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Attempt(int attempt, Instant attemptedAt, Integer responseCode, int durationMs, String error,
            String responseBody) {
    }
}
