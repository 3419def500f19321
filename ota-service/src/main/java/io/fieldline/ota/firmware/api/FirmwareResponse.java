package io.fieldline.ota.firmware.api;

import java.time.Instant;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** seed 000's FirmwareUpdateResponse: the file's location never leaves the service, has_firmware_file replaces it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FirmwareResponse(String publicId, String version, String changelog, String fileHashSha256,
        Long fileSizeBytes, String status, String errorMessage, Instant createdOn, Instant startedOn,
        Instant completedOn, String userPublicId, boolean hasFirmwareFile) {
}
