package io.fieldline.ingest.datapoint.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Answer of {@code GET /api/v1/datapoints/aggregate}: per requested event id (every id is a key), the buckets that
 * hold data, ascending; each bucket has its start and the requested functions.
 */
public record AggregateResponse(String interval, Instant from, Instant to, List<String> fn,
        Map<String, List<Bucket>> data) {

    /** One bucket; functions that were not requested are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Bucket(Instant bucket, Double min, Double max, Double avg, Double sum, Long count) {
    }
}
