package io.fieldline.gateway.logging.api;

/** Seed 000's answer to a create or update: {@code {"status":"success","message":"…"}}. */
public record StatusMessage(String status, String message) {

    static StatusMessage success(String message) {
        return new StatusMessage("success", message);
    }
}
