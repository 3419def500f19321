package io.fieldline.ota.rollout.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A check-in answer. {@code action}: {@code update} (download {@code download_url}, verify
 * {@code file_hash_sha256}, apply, and report each step), {@code rollback} (return to the previous firmware and report
 * rolled_back), or null.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CheckInResponse(String deviceId, boolean updateAvailable, String action, String rolloutId,
        String status, String firmwareId, String version, String fileHashSha256, Long fileSizeBytes,
        String downloadUrl) {
}
