package io.fieldline.gateway.token.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Answer of {@code POST /api/v1/tokens}: the only response that carries the plaintext {@code token}.
 *
 * @param scopes the permissions the token is narrowed to, or null when it carries all of its owner's role
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreatedTokenResponse(String publicId, String name, String token, Instant expiresAt, Instant createdAt,
        List<String> scopes) {
}
