package io.fieldline.ota.rollout.store;

import java.util.List;

/**
 * A validated rollout to create.
 *
 * @param deviceIds the targeted devices, in rollout order
 * @param groups the group index of each device (same order); group 0 is the canary
 */
public record NewRollout(List<String> deviceIds, List<Integer> groups, int groupCount, int successThreshold,
        int errorThreshold, boolean autoRollback, int deviceTimeoutSeconds) {
}
