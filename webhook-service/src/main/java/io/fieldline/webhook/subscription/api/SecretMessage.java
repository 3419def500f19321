package io.fieldline.webhook.subscription.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Seed 000's StatusResponse with the subscription's public id and, only when the service generated it, the new
 * secret: the one time it is ever shown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecretMessage(String status, String message, @JsonProperty("public_id") String publicId,
        String secret) {

    static SecretMessage of(String message, String publicId, String generatedSecret) {
        return new SecretMessage("success", message, publicId, generatedSecret);
    }
}
