package io.fieldline.gateway.socket;

import io.fieldline.gateway.identity.AuthenticationFailure;

/**
 * Why a socket is closed: the close code and the reason text. Seed 000 closes with 1008 and its HTTP messages
 * without the final period ("Authentication required", "Invalid or expired token", "Token has been revoked",
 * "Invalid API token", "API token expired", "User not found").
 */
public record SocketRefusal(short code, String reason) {

    /** The refusal for a failed authentication: 1008 with the seed reason, or 1011 when it could not be checked. */
    public static SocketRefusal of(Throwable failure) {
        if (failure instanceof AuthenticationFailure refused) {
            return new SocketRefusal(SocketCloser.POLICY_VIOLATION, reason(refused.getMessage()));
        }
        return new SocketRefusal(SocketCloser.INTERNAL_ERROR, "Authentication is temporarily unavailable");
    }

    /** A 1008 refusal with the given reason. */
    public static SocketRefusal policy(String reason) {
        return new SocketRefusal(SocketCloser.POLICY_VIOLATION, reason);
    }

    static String reason(String httpMessage) {
        if ("API token has expired.".equals(httpMessage)) {
            return "API token expired"; // the seed's socket wording differs from its HTTP one here
        }
        return httpMessage.endsWith(".") ? httpMessage.substring(0, httpMessage.length() - 1) : httpMessage;
    }
}
