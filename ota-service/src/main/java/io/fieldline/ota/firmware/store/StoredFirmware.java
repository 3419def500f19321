package io.fieldline.ota.firmware.store;

import java.time.Instant;

/**
 * A firmware record as stored for its tenant.
 *
 * @param artifactKey where its artifact lives in the artifact storage, or null without one; never leaves the service
 */
public record StoredFirmware(long id, String publicId, String version, String changelog, String fileHashSha256,
        Long fileSizeBytes, String artifactKey, String status, String errorMessage, String userPublicId,
        Instant createdOn, Instant startedOn, Instant completedOn) {

    /** Whether an artifact was uploaded or downloaded for it. */
    public boolean hasFirmwareFile() {
        return artifactKey != null;
    }
}
