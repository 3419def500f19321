package io.fieldline.ota.rollout.store;

/**
 * A device's place in its latest rollout, as check-ins and status reports see it.
 *
 * @param rolloutId internal id of the rollout
 */
public record DeviceUpdate(long rolloutId, String rolloutPublicId, String rolloutStatus, int currentGroup,
        int groupIndex, String deviceStatus, String reason, String firmwarePublicId, String version, String fileHash,
        Long fileSize) {
}
