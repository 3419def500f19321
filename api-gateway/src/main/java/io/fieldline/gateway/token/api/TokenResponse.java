package io.fieldline.gateway.token.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * An API token in lists (never its secret).
 *
 * @param scopes the permissions the token is narrowed to, or null when it carries all of its owner's role
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TokenResponse(String publicId, String name, Instant lastUsedAt, Instant expiresAt, Instant createdAt,
        String userPublicId, List<String> scopes) {
}
