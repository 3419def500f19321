package io.fieldline.gateway.token.store;

import java.time.Instant;
import java.util.List;

/**
 * An API token as listed (never its secret).
 *
 * @param scopes the permission names the token is narrowed to; empty when it carries all of its owner's role
 */
public record StoredToken(String publicId, String name, Instant lastUsedAt, Instant expiresAt, Instant createdAt,
        String userPublicId, List<String> scopes) {
}
