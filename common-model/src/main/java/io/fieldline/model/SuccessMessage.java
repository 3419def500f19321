package io.fieldline.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Seed 000's answer to most writes: {@code {"status":"success","message":"User successfully created."}}, plus (an
 * additive Fieldline field) the {@code public_id} of what was created or changed, so a client can address it
 * without searching a list.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SuccessMessage(String status, String message, @JsonProperty("public_id") String publicId) {

    /** A success with the given message. */
    public static SuccessMessage of(String message) {
        return new SuccessMessage("success", message, null);
    }

    /** A success about the resource with the given public id. */
    public static SuccessMessage about(String message, String publicId) {
        return new SuccessMessage("success", message, publicId);
    }
}
