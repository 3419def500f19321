package io.fieldline.webhook.delivery.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.fieldline.model.TenantId;

/**
 * A due delivery this replica leased for one attempt, with what the attempt needs from its subscription.
 *
 * @param attempt the number of this attempt (1 for the first)
 * @param retrySchedule the subscription's own schedule in seconds, or null for the default
 * @param leaseToken proves the lease when the result is recorded (a lease taken over by another replica wins)
 * @param subscriptionFailing whether the subscription's latest attempts failed (it is probed one at a time)
 */
public record LeasedDelivery(long id, String publicId, TenantId tenant, long webhookId, String webhookPublicId,
        String messageId, String eventType, String payload, int attempt, String url, byte[] secretEnc,
        byte[] previousSecretEnc, Instant previousSecretUntil, List<Integer> retrySchedule, UUID leaseToken,
        boolean subscriptionFailing) {
}
