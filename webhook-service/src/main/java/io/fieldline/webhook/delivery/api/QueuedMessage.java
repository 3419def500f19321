package io.fieldline.webhook.delivery.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Answer of the operations that queue deliveries: the new delivery's public id, or how many were queued. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueuedMessage(String status, String message, @JsonProperty("public_id") String publicId,
        Integer count) {
}
