package io.fieldline.gateway.user.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Seed 000's answer to a create, update or delete: {@code {"status":"success","message":"…"}}, plus the user's
 * {@code public_id} after a create or update so clients can address it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserMessage(String status, String message, @JsonProperty("public_id") String publicId) {

    /** A success about the given user (null to leave the id out). */
    public static UserMessage success(String message, String publicId) {
        return new UserMessage("success", message, publicId);
    }
}
