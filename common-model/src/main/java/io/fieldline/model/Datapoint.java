package io.fieldline.model;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One accepted reading of an event, as carried on {@link Topic#DATAPOINTS}.
 *
 * @param id public id assigned at acceptance; consumers use it to stay idempotent
 * @param value the reading; always finite
 * @param timestamp the device's time, or the server's when the device gave none
 * @param quality the quality code
 * @param experimentId public id of the experiment running when it was accepted, or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Datapoint(String id, double value, Instant timestamp, Quality quality, String experimentId) {

    /** @throws IllegalArgumentException if the value is NaN or infinite, or a required field is missing */
    public Datapoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(timestamp, "timestamp");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be a finite number");
        }
        quality = quality == null ? Quality.GOOD : quality;
    }
}
