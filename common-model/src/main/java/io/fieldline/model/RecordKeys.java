package io.fieldline.model;

import java.util.Objects;

/**
 * Builds the Kafka record keys of DESIGN.md §2. Every key starts with the tenant, so records of one entity keep
 * their order within a partition.
 */
public final class RecordKeys {

    private RecordKeys() {
    }

    /** {@code <tenantId>/<eventId>} for {@link Topic#DATAPOINTS}. */
    public static String datapoints(TenantId tenant, String eventId) {
        return join(tenant, eventId);
    }

    /** {@code <tenantId>/<ruleId>/<eventId>} for {@link Topic#INCIDENTS}. */
    public static String incidents(TenantId tenant, String ruleId, String eventId) {
        return join(tenant, ruleId, eventId);
    }

    /** {@code <tenantId>/<subject>} for {@link Topic#ACTIVITY}. */
    public static String activity(TenantId tenant, String subject) {
        return join(tenant, subject);
    }

    /** {@code <tenantId>/<webhookId>} for {@link Topic#WEBHOOKS_DLQ}. */
    public static String deadLetter(TenantId tenant, String webhookId) {
        return join(tenant, webhookId);
    }

    /** The tenant a key starts with. */
    public static TenantId tenantOf(String key) {
        Objects.requireNonNull(key, "key");
        int slash = key.indexOf('/');
        return TenantId.of(slash < 0 ? key : key.substring(0, slash));
    }

    private static String join(TenantId tenant, String... parts) {
        StringBuilder key = new StringBuilder(Objects.requireNonNull(tenant, "tenant").value());
        for (String part : parts) {
            if (part == null || part.isEmpty()) {
                throw new IllegalArgumentException("Key parts must not be empty");
            }
            key.append('/').append(part);
        }
        return key.toString();
    }
}
