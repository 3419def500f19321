package io.fieldline.ingest.intake.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fieldline.model.Quality;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One datapoint as a client sends it: the OpenAPI schema of the intake bodies. Bodies are read by
 * {@link DatapointReader}, not bound to this record, so a batch can refuse bad items one by one.
 *
 * @param value a finite number
 * @param eventPublicId an event of the caller's tenant
 * @param timestamp the device's time (ISO-8601; without an offset, UTC); default the server's, at most 5 minutes
 *        ahead
 * @param quality default GOOD
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DatapointRequest(@Schema(required = true) double value, @Schema(required = true) String eventPublicId,
        Instant timestamp, Quality quality) {

    /** Body of {@code POST /api/v1/datapoints/batch}: at most {@code batch-max-items} (500) datapoints. */
    public record Batch(@Schema(required = true, maxItems = 500) List<DatapointRequest> datapoints) {
    }
}
