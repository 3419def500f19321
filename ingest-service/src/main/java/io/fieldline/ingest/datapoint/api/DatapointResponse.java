package io.fieldline.ingest.datapoint.api;

import java.time.Instant;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fieldline.ingest.datapoint.store.StoredDatapoint;

/** A datapoint as seed 000 answers it (DatapointResponse), plus Fieldline's quality code. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DatapointResponse(String publicId, double value, Instant timestamp, String eventPublicId,
        String experimentPublicId, String quality) {

    static DatapointResponse of(StoredDatapoint stored) {
        return new DatapointResponse(stored.publicId(), stored.value(), stored.timestamp(), stored.eventPublicId(),
                stored.experimentPublicId(), stored.quality());
    }
}
