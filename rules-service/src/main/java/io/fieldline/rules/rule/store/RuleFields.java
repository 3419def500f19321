package io.fieldline.rules.rule.store;

/**
 * The writable fields of a rule. For a create every required field is set and defaults are applied; for a partial
 * update a null field keeps the stored value.
 */
public record RuleFields(String name, String eventPublicId, String kind, String operator, Double threshold,
        Double thresholdHigh, String actionType, String webhookEventType, Boolean enabled, Integer cooldownSeconds,
        String severity, Double deadband, Integer delaySeconds, Integer windowSeconds, Integer windowSize,
        Integer staleSeconds) {

    /** These fields with the non-null fields of {@code changes} applied on top. */
    public RuleFields merge(RuleFields changes) {
        return new RuleFields(pick(changes.name, name), pick(changes.eventPublicId, eventPublicId),
                pick(changes.kind, kind), pick(changes.operator, operator), pick(changes.threshold, threshold),
                pick(changes.thresholdHigh, thresholdHigh), pick(changes.actionType, actionType),
                pick(changes.webhookEventType, webhookEventType), pick(changes.enabled, enabled),
                pick(changes.cooldownSeconds, cooldownSeconds), pick(changes.severity, severity),
                pick(changes.deadband, deadband), pick(changes.delaySeconds, delaySeconds),
                pick(changes.windowSeconds, windowSeconds), pick(changes.windowSize, windowSize),
                pick(changes.staleSeconds, staleSeconds));
    }

    /** The fields of a stored rule. */
    public static RuleFields of(StoredRule rule) {
        return new RuleFields(rule.name(), rule.eventPublicId(), rule.kind(), rule.operator(), rule.threshold(),
                rule.thresholdHigh(), rule.actionType(), rule.webhookEventType(), rule.enabled(),
                rule.cooldownSeconds(), rule.severity().name().toLowerCase(java.util.Locale.ROOT), rule.deadband(),
                rule.delaySeconds(), rule.windowSeconds(), rule.windowSize(), rule.staleSeconds());
    }

    private static <T> T pick(T changed, T stored) {
        return changed != null ? changed : stored;
    }
}
