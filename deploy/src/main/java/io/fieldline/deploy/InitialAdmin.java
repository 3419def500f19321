package io.fieldline.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The gateway's initial superadmin: the password is given, generated once, or was created on an earlier run.
 *
 * @param email the admin's email
 * @param password the password passed to the gateway; null when the admin was created on an earlier run
 * @param origin where the password comes from
 */
public record InitialAdmin(String email, String password, Origin origin) {

    /** The marker's name under the data dir; it holds only the email, never the password. */
    static final String MARKER = "initial-admin";

    /** Where the initial admin's password comes from. */
    public enum Origin {
        /** {@code INITIAL_ADMIN_PASSWORD} was given. */
        GIVEN,
        /** Generated on this run, printed once. */
        GENERATED,
        /** The admin was created on an earlier run; no password is passed. */
        CREATED_EARLIER
    }

    /** Decides the admin's credentials for this run from the options and the data dir's marker. */
    static InitialAdmin resolve(StackOptions options) {
        if (options.adminPassword() != null) {
            return new InitialAdmin(options.adminEmail(), options.adminPassword(), Origin.GIVEN);
        }
        Path marker = options.dataDir().resolve(MARKER);
        if (Files.isRegularFile(marker)) {
            return new InitialAdmin(readEmail(marker, options.adminEmail()), null, Origin.CREATED_EARLIER);
        }
        return new InitialAdmin(options.adminEmail(), generatePassword(), Origin.GENERATED);
    }

    /**
     * Records, once the gateway is ready (and so has bootstrapped the admin), that the admin exists: later runs
     * then pass no password instead of printing a new one that would not work.
     */
    void recordCreated(Path dataDir) {
        if (origin == Origin.CREATED_EARLIER) {
            return;
        }
        try {
            Files.writeString(dataDir.resolve(MARKER), email + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StackStartException("Could not write " + dataDir.resolve(MARKER) + ": " + e.getMessage(), e);
        }
    }

    /** 15 random bytes are exactly 20 URL-safe Base64 characters. */
    static String generatePassword() {
        byte[] bytes = new byte[15];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String readEmail(Path marker, String fallback) {
        try {
            String email = Files.readString(marker, StandardCharsets.UTF_8).trim();
            return email.isEmpty() ? fallback : email;
        } catch (IOException e) {
            return fallback;
        }
    }

    @Override
    public String toString() {
        // Never let the password reach a log through toString.
        return "InitialAdmin[email=" + email + ", origin=" + origin + "]";
    }
}
