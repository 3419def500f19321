package io.fieldline.ota.rollout.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A rollout; the detail view adds device counts for the whole rollout and per group. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutResponse(String publicId, String name, String firmwareId, String version, String status,
        String statusReason, int groupCount, int currentGroup, int successThreshold, int errorThreshold,
        boolean autoRollback, int deviceTimeoutSeconds, Instant createdOn, Instant updatedOn, String userPublicId,
        Map<String, Long> progress, List<GroupResponse> groups) {

    /**
     * One group: {@code status} is scheduled (not started), running (the current group), done (a later group
     * started), or the rollout's final status.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record GroupResponse(int index, String name, String status, long total, Map<String, Long> progress) {
    }
}
