package io.fieldline.rules.rule.api;

import java.time.Instant;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fieldline.rules.rule.store.StoredRule;

/** A rule as seed 000's RuleResponse answers it, plus Fieldline's fields and when it last changed. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RuleResponse(String publicId, String name, String eventPublicId, String kind, String operator,
        Double threshold, Double thresholdHigh, String actionType, String webhookEventType, boolean enabled,
        int cooldownSeconds, String severity, double deadband, int delaySeconds, Integer windowSeconds,
        Integer windowSize, Integer staleSeconds, Instant lastTriggeredAt, Instant createdOn, Instant updatedOn,
        String userPublicId) {

    static RuleResponse of(StoredRule r) {
        return new RuleResponse(r.publicId(), r.name(), r.eventPublicId(), r.kind(), r.operator(), r.threshold(),
                r.thresholdHigh(), r.actionType(), r.webhookEventType(), r.enabled(), r.cooldownSeconds(),
                r.severity().name().toLowerCase(java.util.Locale.ROOT), r.deadband(), r.delaySeconds(),
                r.windowSeconds(), r.windowSize(), r.staleSeconds(), r.lastTriggeredAt(), r.createdOn(),
                r.updatedOn(), r.userPublicId());
    }
}
