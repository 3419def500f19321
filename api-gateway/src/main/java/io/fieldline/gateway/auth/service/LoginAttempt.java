package io.fieldline.gateway.auth.service;

/** Who is trying to log in, for the audit trail. */
public record LoginAttempt(String email, String password, String clientIp, String requestId) {
}
