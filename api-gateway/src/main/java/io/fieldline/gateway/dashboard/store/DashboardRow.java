package io.fieldline.gateway.dashboard.store;

import java.time.Instant;

/**
 * A dashboard as stored.
 *
 * @param id internal id (never leaves the gateway)
 * @param userPublicId the owner
 */
public record DashboardRow(long id, String publicId, String name, boolean isGlobal, Instant createdOn,
        String userPublicId) {
}
