package io.fieldline.rules.incident.store;

import java.time.Instant;

/** The filters of the alarm list; null means "any". {@code from}/{@code to} bound raised_at (inclusive, exclusive). */
public record IncidentFilter(String status, String severity, String eventPublicId, String rulePublicId, Instant from,
        Instant to) {
}
