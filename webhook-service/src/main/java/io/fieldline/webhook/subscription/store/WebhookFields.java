package io.fieldline.webhook.subscription.store;

import java.util.List;

/**
 * The writable fields of a subscription. For a create every field but {@code retrySchedule} is set; for a partial
 * update a null field keeps the stored value.
 *
 * @param secretEnc the encrypted secret, or null to keep it
 */
public record WebhookFields(String url, List<String> events, Boolean enabled, Boolean paused,
        List<Integer> retrySchedule, byte[] secretEnc) {
}
