package io.fieldline.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Severity of a rule and its incidents, in increasing order. */
public enum Severity {

    @JsonProperty("info")
    INFO, @JsonProperty("warning")
    WARNING, @JsonProperty("critical")
    CRITICAL, @JsonProperty("life_safety")
    LIFE_SAFETY;

    /** Whether this severity is at least as high as the other. */
    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
