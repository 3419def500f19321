package io.fieldline.ota.rollout.api;

import java.util.List;

import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /api/v1/ota/rollouts}.
 *
 * @param canarySize devices in the first group (default 1)
 * @param groupPercentages cumulative share of all devices reached by each later group, rising to 100 (default [100])
 * @param successThreshold percent of a group that must complete before the next group starts (default 100)
 * @param errorThreshold percent of started devices that may fail before the rollout pauses (default 10)
 * @param autoRollback roll back instead of pausing when the error threshold is passed (default false)
 * @param deviceTimeoutSeconds silence after which a started device fails (default fieldline.ota.rollout.device-timeout)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateRolloutRequest(String firmwareId,
        @Size(max = 255, message = "String should have at most 255 characters") String name,
        List<String> deviceIds, Integer canarySize, List<Integer> groupPercentages, Integer successThreshold,
        Integer errorThreshold, Boolean autoRollback, Integer deviceTimeoutSeconds) {
}
