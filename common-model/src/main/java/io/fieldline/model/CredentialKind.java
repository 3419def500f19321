package io.fieldline.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the caller authenticated at the gateway; carried in the internal identity token. */
public enum CredentialKind {

    /** A user JWT from login. */
    @JsonProperty("user")
    USER,
    /** An API token ({@code fl_…}) of a CI pipeline or script. */
    @JsonProperty("api_token")
    API_TOKEN,
    /** A device key of an agent. */
    @JsonProperty("device")
    DEVICE;

    /** The claim value. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
