package io.fieldline.ota.rollout.store;

import java.time.Instant;

/**
 * A rollout as stored for its tenant; the internal ids never leave the service.
 *
 * @param currentGroup index of the last started group
 */
public record StoredRollout(long id, String publicId, String tenantId, String firmwarePublicId, String version,
        String name, String status, String statusReason, int groupCount, int currentGroup, int successThreshold,
        int errorThreshold, boolean autoRollback, int deviceTimeoutSeconds, String userPublicId, Instant createdOn,
        Instant updatedOn) {
}
