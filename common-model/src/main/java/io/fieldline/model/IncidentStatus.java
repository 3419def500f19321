package io.fieldline.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where an incident (alarm) stands in its lifecycle (seed 002). */
public enum IncidentStatus {

    @JsonProperty("active")
    ACTIVE, @JsonProperty("acknowledged")
    ACKNOWLEDGED, @JsonProperty("shelved")
    SHELVED, @JsonProperty("cleared")
    CLEARED, @JsonProperty("resolved")
    RESOLVED;

    /** Whether the incident is still open (a new one must not be raised for the same rule and event). */
    public boolean isOpen() {
        return this != CLEARED && this != RESOLVED;
    }
}
