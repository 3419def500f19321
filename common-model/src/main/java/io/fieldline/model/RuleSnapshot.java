package io.fieldline.model;

import java.util.Objects;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A rule as it was when it caused an incident transition. Carries what a seed 000 webhook payload needs
 * ({@code rule}, {@code operator}, {@code threshold}) and whether the rule asked for a webhook at all.
 *
 * @param name the rule's name
 * @param kind threshold, stale, rate_of_change or anomaly
 * @param operator the comparison of a threshold rule (gt, lt, gte, lte, eq, between, not_between), else null
 * @param threshold the (low) threshold, or null where the kind has none
 * @param thresholdHigh the high threshold of between/not_between, else null
 * @param actionType webhook or log
 * @param webhookEventType the webhook event type to deliver (seed default {@code sensor.threshold_exceeded}), or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RuleSnapshot(
        String name,
        String kind,
        String operator,
        Double threshold,
        Double thresholdHigh,
        String actionType,
        String webhookEventType) {

    public RuleSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(actionType, "action_type");
    }
}
