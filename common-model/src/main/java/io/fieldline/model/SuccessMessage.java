package io.fieldline.model;

/**
 * Seed 000's answer to most writes: {@code {"status":"success","message":"User successfully created."}}.
 */
public record SuccessMessage(String status, String message) {

    /** A success with the given message. */
    public static SuccessMessage of(String message) {
        return new SuccessMessage("success", message);
    }
}
