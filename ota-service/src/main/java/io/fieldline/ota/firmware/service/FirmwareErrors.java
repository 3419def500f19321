package io.fieldline.ota.firmware.service;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;

import io.fieldline.support.http.ErrorResponses;

/** The errors firmware records answer with (seed 000 messages). */
public final class FirmwareErrors {

    /** Recorded and answered when an artifact's SHA-256 differs from the declared one. */
    public static final String HASH_MISMATCH = "SHA-256 hash verification failed";

    private FirmwareErrors() {
    }

    public static NotFoundException notFound(String publicId) {
        return new NotFoundException("Firmware update '" + publicId + "' not found.");
    }

    public static ClientErrorException duplicateVersion() {
        return new ClientErrorException("Firmware update already exists.", 409);
    }

    public static ClientErrorException fileExists() {
        return new ClientErrorException("Firmware file already exists.", 409);
    }

    public static ClientErrorException inUse() {
        return new ClientErrorException("Firmware update is used by a rollout.", 409);
    }

    public static NotFoundException noFile(String publicId) {
        return new NotFoundException("Firmware file for '" + publicId + "' not found.");
    }

    /** A 400 with the error's message as detail (seed 000 answers failed downloads and hash checks so). */
    public static BadRequestException badRequest(String detail) {
        return new BadRequestException(ErrorResponses.of(400, detail));
    }

    static Response conflict(String detail) {
        return ErrorResponses.of(409, detail);
    }
}
