package io.fieldline.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happened to an incident; each is published on {@link Topic#INCIDENTS}. */
public enum IncidentTransition {
    @JsonProperty("raised")
    RAISED, @JsonProperty("acknowledged")
    ACKNOWLEDGED, @JsonProperty("shelved")
    SHELVED, @JsonProperty("unshelved")
    UNSHELVED, @JsonProperty("cleared")
    CLEARED, @JsonProperty("resolved")
    RESOLVED
}
