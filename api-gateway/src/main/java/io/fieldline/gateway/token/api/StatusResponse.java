package io.fieldline.gateway.token.api;

/** Seed 000's acknowledgement body: {@code {"status":"success","message":"…"}}. */
public record StatusResponse(String status, String message) {

    /** A success with the given message. */
    public static StatusResponse success(String message) {
        return new StatusResponse("success", message);
    }
}
