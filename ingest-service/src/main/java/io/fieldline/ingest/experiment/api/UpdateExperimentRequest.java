package io.fieldline.ingest.experiment.api;

import jakarta.validation.constraints.Size;

/** Body of {@code PUT /api/v1/experiments/{public_id}}: a partial update, an absent or null name keeps the name. */
public record UpdateExperimentRequest(
        @Size.List( {
                @Size(min = 1, message = "String should have at least 1 character"),
                @Size(max = 255, message = "String should have at most 255 characters") }) String name){
}
