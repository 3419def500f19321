package io.fieldline.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The value on {@link Topic#DATAPOINTS}: datapoints of one event of one tenant, accepted together, in the order
 * they were received. Key: {@link RecordKeys#datapoints}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DatapointsReceived(TenantId tenantId, String eventId, List<Datapoint> datapoints, Instant receivedAt) {

    /** Version of this record's schema, sent in the {@code schema-version} header. */
    public static final int SCHEMA_VERSION = 1;

    /** @throws IllegalArgumentException if the batch is empty */
    public DatapointsReceived {
        Objects.requireNonNull(tenantId, "tenant_id");
        Objects.requireNonNull(eventId, "event_id");
        Objects.requireNonNull(receivedAt, "received_at");
        datapoints = List.copyOf(Objects.requireNonNull(datapoints, "datapoints"));
        if (datapoints.isEmpty()) {
            throw new IllegalArgumentException("datapoints must not be empty");
        }
    }

    /** The record key. */
    public String key() {
        return RecordKeys.datapoints(tenantId, eventId);
    }
}
