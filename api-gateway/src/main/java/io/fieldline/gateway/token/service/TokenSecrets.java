package io.fieldline.gateway.token.service;

import io.fieldline.gateway.identity.ApiTokenResolver;
import io.fieldline.gateway.identity.SecretTokens;

/**
 * The secrets of API tokens: {@code fl_} + 43 url-safe characters (32 random bytes), and the SHA-256 hex that is all
 * the database keeps. The tokens are long random values, so an unsalted fast hash is enough and keeps the lookup a
 * single indexed equality.
 */
public final class TokenSecrets {

    /** Length of a plaintext token: the prefix and 32 bytes in unpadded base64url. */
    public static final int LENGTH = ApiTokenResolver.PREFIX.length() + 43;

    private TokenSecrets() {
    }

    /** A new plaintext token. */
    public static String newPlaintext() {
        return SecretTokens.newSecret(ApiTokenResolver.PREFIX);
    }

    /** Whether a presented value has the shape of a token, so malformed ones are refused without a query. */
    public static boolean isWellFormed(String plaintext) {
        if (plaintext.length() != LENGTH || !plaintext.startsWith(ApiTokenResolver.PREFIX)) {
            return false;
        }
        for (int i = ApiTokenResolver.PREFIX.length(); i < LENGTH; i++) {
            char c = plaintext.charAt(i);
            boolean urlSafe = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
                    || c == '_';
            if (!urlSafe) {
                return false;
            }
        }
        return true;
    }

    /** The SHA-256 hex of the full plaintext, prefix included. */
    public static String hash(String plaintext) {
        return SecretTokens.sha256Hex(plaintext);
    }
}
