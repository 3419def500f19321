package io.fieldline.webhook.subscription.store;

import java.time.Instant;
import java.util.List;

/**
 * A subscription as stored for its tenant, without its secrets; the internal row id never leaves the service.
 *
 * @param retrySchedule delays in seconds before each attempt, or null for the service default
 * @param disabledReason why the platform disabled it ({@code gone}, {@code failing}), or null
 */
public record StoredWebhook(long id, String publicId, String url, List<String> events, boolean enabled,
        boolean paused, List<Integer> retrySchedule, String userPublicId, Instant createdOn, Instant updatedOn,
        Instant failingSince, String disabledReason) {
}
