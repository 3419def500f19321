package io.fieldline.ingest.experiment.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/experiments} (seed 000): the name, 1..255 characters. */
public record CreateExperimentRequest(
        @NotNull(message = "Field required") @Size.List( {
                @Size(min = 1, message = "String should have at least 1 character"),
                @Size(max = 255, message = "String should have at most 255 characters") }) String name){
}
