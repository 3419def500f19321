package io.fieldline.rules.rule.store;

import java.time.Instant;

import io.fieldline.model.RuleSnapshot;
import io.fieldline.model.Severity;
import io.fieldline.model.TenantId;

/**
 * A rule as stored. {@code id} is internal (incidents and evaluation state refer to it) and never leaves the service.
 *
 * @param deletedOn when the rule was deleted (it stays for its incidents' history), else null
 */
public record StoredRule(long id, String publicId, TenantId tenant, String name, String eventPublicId, String kind,
        String operator, Double threshold, Double thresholdHigh, String actionType, String webhookEventType,
        boolean enabled, int cooldownSeconds, Severity severity, double deadband, int delaySeconds,
        Integer windowSeconds, Integer windowSize, Integer staleSeconds, Instant lastTriggeredAt,
        String userPublicId, Instant createdOn, Instant updatedOn, Instant deletedOn) {

    /** Seed 000's default webhook event type of a threshold rule. */
    public static final String DEFAULT_WEBHOOK_EVENT_TYPE = "sensor.threshold_exceeded";

    /** Whether the engine evaluates it. */
    public boolean active() {
        return enabled && deletedOn == null;
    }

    /** What incident records carry about the rule. */
    public RuleSnapshot snapshot() {
        String webhookType = "webhook".equals(actionType)
                ? (webhookEventType == null ? DEFAULT_WEBHOOK_EVENT_TYPE : webhookEventType)
                : webhookEventType;
        return new RuleSnapshot(name, kind, operator, threshold, thresholdHigh, actionType, webhookType);
    }
}
