package io.fieldline.gateway.auth.service;

import java.time.Instant;

/** What a login or a refresh hands out. */
public record Session(String accessToken, Instant accessExpiresAt, String refreshToken, String userPublicId,
        String username) {
}
