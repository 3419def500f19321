package io.fieldline.ota.artifact.s3;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for S3: the {@code Authorization} header of a request, and the query of a presigned URL
 * (which signs only the host, so a client may add a {@code Range} header). Checked against AWS's published examples.
 */
final class SigV4Signer {

    /** The hash of an empty payload (HEAD, GET, DELETE). */
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    /** The payload hash of a presigned URL: the body is not known when the URL is made. */
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    /** The longest lifetime S3 accepts for a presigned URL (7 days). */
    static final Duration MAX_PRESIGN_LIFETIME = Duration.ofDays(7);

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String SERVICE = "s3";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final String accessKey;
    private final byte[] secretKey;
    private final String region;

    SigV4Signer(String accessKey, String secretKey, String region) {
        this.accessKey = accessKey;
        this.secretKey = ("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8);
        this.region = region;
    }

    /**
     * The headers to send: {@code headers} (which must hold {@code host}) plus {@code x-amz-date},
     * {@code x-amz-content-sha256} and {@code authorization}, all signed.
     *
     * @param canonicalUri the request path exactly as sent, already URI-encoded ({@link #uriEncode})
     */
    Map<String, String> sign(String method, String canonicalUri, Map<String, String> headers, String payloadHash,
            Instant now) {
        String timestamp = TIMESTAMP.format(now);
        TreeMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value.trim().replaceAll(" +", " ")));
        signed.put("x-amz-date", timestamp);
        signed.put("x-amz-content-sha256", payloadHash);
        String signedNames = String.join(";", signed.keySet());
        String canonicalHeaders = signed.entrySet().stream().map(h -> h.getKey() + ":" + h.getValue() + "\n")
                .collect(Collectors.joining());
        String canonicalRequest = String.join("\n", method, canonicalUri, "", canonicalHeaders, signedNames,
                payloadHash);
        Map<String, String> result = new LinkedHashMap<>(signed);
        result.put("authorization", ALGORITHM + " Credential=" + accessKey + "/" + scope(timestamp)
                + ",SignedHeaders=" + signedNames + ",Signature=" + signature(timestamp, canonicalRequest));
        return result;
    }

    /**
     * The query string of a presigned URL (parameters encoded, {@code X-Amz-Signature} last), valid for
     * {@code lifetime} from {@code now}.
     *
     * @param host the {@code Host} header the client will send (with the port unless it is the scheme's default)
     */
    String presignQuery(String method, String canonicalUri, String host, Duration lifetime, Instant now) {
        String timestamp = TIMESTAMP.format(now);
        // Already in canonical (sorted) order.
        String query = "X-Amz-Algorithm=" + ALGORITHM
                + "&X-Amz-Credential=" + uriEncode(accessKey + "/" + scope(timestamp), true)
                + "&X-Amz-Date=" + timestamp
                + "&X-Amz-Expires=" + lifetime.toSeconds()
                + "&X-Amz-SignedHeaders=host";
        String canonicalRequest = String.join("\n", method, canonicalUri, query, "host:" + host + "\n", "host",
                UNSIGNED_PAYLOAD);
        return query + "&X-Amz-Signature=" + signature(timestamp, canonicalRequest);
    }

    /**
     * URI-encodes as SigV4 requires: every byte but the unreserved characters {@code A-Z a-z 0-9 - _ . ~} as
     * {@code %XY} (upper-case hex); {@code /} kept unless {@code encodeSlash} (object keys keep it between segments).
     */
    static String uriEncode(String value, boolean encodeSlash) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~' || c == '/' && !encodeSlash) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private String scope(String timestamp) {
        return timestamp.substring(0, 8) + "/" + region + "/" + SERVICE + "/aws4_request";
    }

    private String signature(String timestamp, String canonicalRequest) {
        String stringToSign = String.join("\n", ALGORITHM, timestamp, scope(timestamp), sha256Hex(canonicalRequest));
        byte[] key = hmac(secretKey, timestamp.substring(0, 8));
        key = hmac(key, region);
        key = hmac(key, SERVICE);
        key = hmac(key, "aws4_request");
        return HexFormat.of().formatHex(hmac(key, stringToSign));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    // The secret stays out of logs and debugger views.
    @Override
    public String toString() {
        return "SigV4Signer[accessKey=" + accessKey + ", region=" + region + "]";
    }
}
