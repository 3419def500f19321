package io.fieldline.ota.firmware.service;

import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.ClientErrorException;

/**
 * Seed 000's update statuses and exactly its allowed transitions; anything else is a 409 with the seed's message.
 */
public final class FirmwareStatus {

    public static final String PENDING = "pending";
    public static final String DOWNLOADING = "downloading";
    public static final String VERIFYING = "verifying";
    public static final String APPLYING = "applying";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String ROLLED_BACK = "rolled_back";

    private static final Map<String, Set<String>> ALLOWED = Map.of(
            PENDING, Set.of(DOWNLOADING, COMPLETED, FAILED),
            DOWNLOADING, Set.of(VERIFYING, FAILED),
            VERIFYING, Set.of(APPLYING, FAILED),
            APPLYING, Set.of(COMPLETED, FAILED),
            COMPLETED, Set.of(ROLLED_BACK),
            FAILED, Set.of(PENDING),
            ROLLED_BACK, Set.of(PENDING));

    private FirmwareStatus() {
    }

    /** Whether seed 000 allows the move. */
    public static boolean allows(String from, String to) {
        return ALLOWED.getOrDefault(from, Set.of()).contains(to);
    }

    /** @throws ClientErrorException (409 "Cannot transition from 'a' to 'b'") when the move is not allowed */
    public static void check(String from, String to) {
        if (!allows(from, to)) {
            throw illegal(from, to);
        }
    }

    static ClientErrorException illegal(String from, String to) {
        return new ClientErrorException("Cannot transition from '" + from + "' to '" + to + "'", 409);
    }
}
