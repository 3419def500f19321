package io.fieldline.gateway.user.store;

import java.time.OffsetDateTime;

import io.fieldline.model.Role;

/**
 * A user as stored, without its password hash.
 *
 * @param id internal id (never leaves the gateway)
 */
public record UserRow(long id, String publicId, String email, String username, Role role,
        OffsetDateTime registeredOn) {
}
