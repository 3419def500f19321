package io.fieldline.webhook.signing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two signature schemes every delivery carries: seed 000's {@code X-Webhook-Signature} (lowercase hex
 * HMAC-SHA256 of {@code "<timestamp>.<body>"}, keyed with the secret's UTF-8 bytes) and Standard Webhooks'
 * {@code webhook-signature} ({@code v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">}, keyed with the base64
 * decoding of what follows {@code whsec_}; a secret without that prefix is used as its UTF-8 bytes).
 */
public final class Signatures {

    /** Prefix of Standard Webhooks secrets. */
    public static final String SECRET_PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Signatures() {
    }

    /** A new secret: {@code whsec_} and the base64 of 24 random bytes (as Standard Webhooks generates them). */
    public static String newSecret() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Seed 000's signature: lowercase hex HMAC-SHA256 of {@code "<timestamp>.<body>"}. */
    public static String seed(String secret, long timestamp, String body) {
        return HexFormat.of().formatHex(hmac(secret.getBytes(UTF_8), timestamp + "." + body));
    }

    /** One Standard Webhooks signature entry: {@code v1,<base64>} over {@code "<id>.<timestamp>.<body>"}. */
    public static String standard(String secret, String messageId, long timestamp, String body) {
        return "v1," + Base64.getEncoder().encodeToString(
                hmac(standardKey(secret), messageId + "." + timestamp + "." + body));
    }

    /** The {@code webhook-signature} value: one space-separated entry per secret (two during a rotation). */
    public static String standardHeader(List<String> secrets, String messageId, long timestamp, String body) {
        List<String> entries = new ArrayList<>(secrets.size());
        secrets.forEach(secret -> entries.add(standard(secret, messageId, timestamp, body)));
        return String.join(" ", entries);
    }

    /** Whether a secret is a well-formed {@code whsec_} secret (base64 after the prefix). */
    public static boolean isStandardSecret(String secret) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length())).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static byte[] standardKey(String secret) {
        return isStandardSecret(secret)
                ? Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()))
                : secret.getBytes(UTF_8);
    }

    private static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
