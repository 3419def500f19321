package io.fieldline.webhook.signing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fieldline.webhook.WebhookConfig;

/**
 * Encrypts signing secrets at rest with AES-256-GCM (a random 12-byte nonce per value, stored in front of the
 * ciphertext). Secrets are encrypted, not hashed, because every delivery must be signed with them.
 */
@ApplicationScoped
public class SecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    @Inject
    SecretCipher(WebhookConfig config) {
        this(config.secretKey().orElseGet(() -> keyFromFile(Path.of(config.secretKeyFile()))));
    }

    /** A cipher with the given base64 key (32 bytes). */
    public SecretCipher(String base64Key) {
        byte[] bytes = Base64.getDecoder().decode(base64Key.trim());
        if (bytes.length != 32) {
            throw new IllegalStateException("fieldline.webhook.secret-key must be base64 of 32 bytes");
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    /** The ciphertext of a secret. */
    public byte[] encrypt(String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a webhook secret", e);
        }
    }

    /** The secret of a ciphertext made by {@link #encrypt}. */
    public String decrypt(byte[] stored) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            return new String(cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES), UTF_8);
        } catch (GeneralSecurityException e) {
            // Never include the ciphertext or key material in the message.
            throw new IllegalStateException("Cannot decrypt a webhook secret (wrong fieldline.webhook.secret-key?)");
        }
    }

    // The dev stack keeps its key next to its other generated keys; production passes the key itself.
    private static String keyFromFile(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, UTF_8).trim();
            }
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String generated = Base64.getEncoder().encodeToString(bytes);
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, generated, UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the file keeps the default permissions.
            }
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }
}
