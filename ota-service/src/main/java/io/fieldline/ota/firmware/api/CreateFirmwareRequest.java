package io.fieldline.ota.firmware.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fieldline.ota.firmware.service.Semver;

/**
 * Body of {@code POST /api/v1/ota} (seed 000), plus an optional declared SHA-256 that a later upload must match.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateFirmwareRequest(
        @NotNull(message = "Field required") @Pattern(regexp = Semver.PATTERN, message = Semver.MESSAGE) String version,
        @Size(max = 10_000, message = "String should have at most 10000 characters") String changelog,
        @Pattern(regexp = Hashes.PATTERN, message = Hashes.MESSAGE) String fileHashSha256) {
}
