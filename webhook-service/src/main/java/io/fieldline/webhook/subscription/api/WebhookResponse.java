package io.fieldline.webhook.subscription.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A subscription as seed 000 answers it (never with its secret), plus Fieldline's {@code paused},
 * {@code retry_schedule} (null = default), {@code failing_since} and {@code disabled_reason}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WebhookResponse(String publicId, String url, List<String> events, boolean enabled, boolean paused,
        List<Integer> retrySchedule, Instant createdOn, Instant updatedOn, String userPublicId, Instant failingSince,
        String disabledReason) {
}
