package io.fieldline.ota.firmware.service;

import io.fieldline.model.TenantId;

/** Storage keys of artifacts: {@code <tenant>/<firmware public id>.bin} (both are path-safe by construction). */
public final class ArtifactKeys {

    private ArtifactKeys() {
    }

    public static String of(TenantId tenant, String firmwarePublicId) {
        return tenant.value() + "/" + firmwarePublicId + ".bin";
    }
}
