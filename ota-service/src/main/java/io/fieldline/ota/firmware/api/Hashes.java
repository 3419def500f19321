package io.fieldline.ota.firmware.api;

/** How request records validate a SHA-256: exactly 64 hex characters (seed 000 checks the length). */
final class Hashes {

    static final String PATTERN = "[0-9a-fA-F]{64}";
    static final String MESSAGE = "String should be a SHA-256 hex digest of exactly 64 characters";

    private Hashes() {
    }
}
