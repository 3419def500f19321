package io.fieldline.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The value on {@link Topic#ACTIVITY}: something notable happened on the platform. Key: {@link RecordKeys#activity}
 * with the subject.
 *
 * @param type dotted type name, see {@link ActivityTypes}
 * @param subject public id of what it happened to (experiment, rollout, service …)
 * @param actor who caused it (user public id), or null for the platform itself
 * @param data type-specific details
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ActivityOccurred(
        TenantId tenantId, String type, String subject, String actor, Map<String, Object> data, Instant occurredAt) {

    /** Version of this record's schema, sent in the {@code schema-version} header. */
    public static final int SCHEMA_VERSION = 1;

    public ActivityOccurred {
        Objects.requireNonNull(tenantId, "tenant_id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(occurredAt, "occurred_at");
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    /** The record key. */
    public String key() {
        return RecordKeys.activity(tenantId, subject);
    }
}
