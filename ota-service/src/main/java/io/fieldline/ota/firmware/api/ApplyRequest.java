package io.fieldline.ota.firmware.api;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Optional body of {@code POST /api/v1/ota/{id}/apply} (seed 000). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ApplyRequest(
        @Size(max = 2048, message = "String should have at most 2048 characters") @Pattern(regexp = "^https?://.+", message = "URL must start with http:// or https://") String downloadUrl,
        @Pattern(regexp = Hashes.PATTERN, message = Hashes.MESSAGE) String fileHashSha256) {
}
