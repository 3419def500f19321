package io.fieldline.ingest.datapoint.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * Answer of {@code GET /api/v1/datapoints/aggregate}: {@code data} maps every requested event id to its buckets with
 * data, ascending, each {@code {"bucket", "min", "max", "avg", "sum", "count"}} limited to the requested functions.
 *
 * @param data that object as JSON text, built from the database's JSON (see RollupStore)
 */
public record AggregateResponse(String interval, Instant from, Instant to, List<String> fn, @JsonRawValue String data) {
}
