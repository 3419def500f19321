package io.fieldline.ingest.experiment.api;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** An experiment as seed 000 answers it ({@code stopped_on} null while it runs), plus when it last changed. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ExperimentResponse(String publicId, String name, Instant startedOn, Instant stoppedOn,
        Instant createdOn, Instant updatedOn, String userPublicId) {
}
