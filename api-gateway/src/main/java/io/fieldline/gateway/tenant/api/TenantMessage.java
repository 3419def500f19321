package io.fieldline.gateway.tenant.api;

/** Seed 000's answer to a delete: {@code {"status":"success","message":"…"}}. */
public record TenantMessage(String status, String message) {

    /** A success with the given message. */
    public static TenantMessage success(String message) {
        return new TenantMessage("success", message);
    }
}
