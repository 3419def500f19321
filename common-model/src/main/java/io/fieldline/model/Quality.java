package io.fieldline.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The quality code a device attaches to a reading (OPC UA style); {@link #GOOD} when absent. */
public enum Quality {
    @JsonProperty("GOOD")
    GOOD, @JsonProperty("UNCERTAIN")
    UNCERTAIN, @JsonProperty("BAD")
    BAD
}
