package io.fieldline.ota.artifact;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fieldline.model.TenantId;
import io.fieldline.ota.OtaConfig;

/**
 * Short-lived links to one firmware's artifact, signed with HMAC-SHA256 over tenant, firmware and expiry (see
 * {@link OtaConfig.DownloadLinks}). Whoever holds a link may download that artifact until it expires, like a
 * pre-signed object-store URL; the gateway hands it out only to callers allowed to download.
 */
@ApplicationScoped
public class ArtifactLinks {

    static final String PATH_PREFIX = "/ota-artifacts/";
    private static final int MIN_KEY_LENGTH = 32;

    /** The firmware a valid link names. */
    public record Target(TenantId tenant, String firmwarePublicId) {
    }

    private final Optional<URI> publicBase;
    private final Duration lifetime;
    private final SecretKeySpec key;
    private final Clock clock;

    @Inject
    ArtifactLinks(OtaConfig config) {
        this(config.downloadLinks(), Clock.systemUTC());
    }

    ArtifactLinks(OtaConfig.DownloadLinks config, Clock clock) {
        this.publicBase = config.publicBaseUrl();
        this.lifetime = config.lifetime();
        this.clock = clock;
        if (publicBase.isEmpty()) {
            this.key = null;
            return;
        }
        String secret = config.signingKey().orElse("");
        if (secret.length() < MIN_KEY_LENGTH) {
            throw new IllegalStateException("fieldline.ota.download-links.signing-key must have at least "
                    + MIN_KEY_LENGTH + " characters when fieldline.ota.download-links.public-base-url is set");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** Whether downloads are answered with a link rather than streamed. */
    public boolean enabled() {
        return key != null;
    }

    /** An absolute link to the firmware's artifact, valid for the configured lifetime. */
    public URI linkFor(TenantId tenant, String firmwarePublicId) {
        long expires = clock.instant().plus(lifetime).getEpochSecond();
        String base = publicBase.orElseThrow().toString().replaceAll("/+$", "");
        return URI.create(base + PATH_PREFIX + tenant.value() + "/" + firmwarePublicId + "?expires=" + expires
                + "&signature=" + signature(tenant.value(), firmwarePublicId, expires));
    }

    /** The firmware a link names, if its signature is right and it has not expired. */
    public Optional<Target> verify(String tenant, String firmwarePublicId, String expires, String signature) {
        if (!enabled() || tenant == null || firmwarePublicId == null || expires == null || signature == null) {
            return Optional.empty();
        }
        long expiry;
        try {
            expiry = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        byte[] expected = signature(tenant, firmwarePublicId, expiry).getBytes(StandardCharsets.US_ASCII);
        boolean genuine = MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
        if (!genuine || clock.instant().getEpochSecond() > expiry) {
            return Optional.empty();
        }
        return Optional.of(new Target(TenantId.of(tenant), firmwarePublicId));
    }

    private String signature(String tenant, String firmwarePublicId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((tenant + "\n" + firmwarePublicId + "\n" + expires)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
