package io.fieldline.webhook.subscription.api;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /api/v1/webhooks} (seed 000, plus Fieldline's {@code paused} and {@code retry_schedule}).
 *
 * @param secret signing secret (1..255 characters); generated ({@code whsec_…}) when absent
 * @param retrySchedule delays in seconds before each attempt; absent = the service default
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateWebhookRequest(
        @NotNull(message = "Field required") @Size(max = 2048, message = "String should have at most 2048 characters") @Pattern(regexp = UrlPattern.REGEX, message = UrlPattern.MESSAGE) String url,
        String secret,
        @NotNull(message = "Field required") List<String> events,
        Boolean enabled,
        Boolean paused,
        List<Integer> retrySchedule) {
}
