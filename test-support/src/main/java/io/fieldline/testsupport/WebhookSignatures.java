package io.fieldline.testsupport;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a webhook receiver checks, written apart from webhook-service's own signing code so that tests verify
 * deliveries independently: seed 000's {@code X-Webhook-Signature} and Standard Webhooks' {@code webhook-signature}.
 */
public final class WebhookSignatures {

    private WebhookSignatures() {
    }

    /** Seed 000: lowercase hex HMAC-SHA256 keyed by the secret's UTF-8 text, over {@code "<timestamp>.<body>"}. */
    public static boolean seedValid(String secret, String timestamp, String body, String signature) {
        return HexFormat.of().formatHex(hmac(secret.getBytes(UTF_8), timestamp + "." + body)).equals(signature);
    }

    /**
     * Standard Webhooks: some space-separated {@code v1,<base64>} entry of {@code signatures} is the HMAC-SHA256,
     * keyed by the base64-decoded {@code whsec_} secret, over {@code "<id>.<timestamp>.<body>"}.
     */
    public static boolean standardValid(String secret, String id, String timestamp, String body, String signatures) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        String expected = "v1," + Base64.getEncoder().encodeToString(hmac(key, id + "." + timestamp + "." + body));
        return signatures != null && List.of(signatures.split(" ")).contains(expected);
    }

    private static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
