package io.fieldline.ota.rollout.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.fieldline.ota.rollout.store.NewRollout;
import io.fieldline.support.http.ValidationFailure;

/**
 * Validates a rollout request and splits its devices into groups: first the canary ({@code canary_size} devices),
 * then groups up to each cumulative percentage of all devices ({@code [25, 100]}: up to a quarter, then the rest).
 */
public final class RolloutPlan {

    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RolloutPlan() {
    }

    /**
     * @throws ValidationFailure (422) for bad values
     */
    public static NewRollout plan(List<String> deviceIds, Integer canarySize, List<Integer> percentages,
            Integer successThreshold, Integer errorThreshold, Boolean autoRollback, Integer timeoutSeconds,
            int defaultTimeoutSeconds, int maxDevices) {
        if (deviceIds == null || deviceIds.isEmpty()) {
            throw ValidationFailure.body("device_ids", "List should have at least 1 item", "too_short");
        }
        if (deviceIds.size() > maxDevices) {
            throw ValidationFailure.body("device_ids", "List should have at most " + maxDevices + " items",
                    "too_long");
        }
        Set<String> seen = new HashSet<>();
        for (String id : deviceIds) {
            if (id == null || !DEVICE_ID.matcher(id).matches()) {
                throw ValidationFailure.body("device_ids", "Device ids are 1-128 of [A-Za-z0-9._:-]", "value_error");
            }
            if (!seen.add(id)) {
                throw ValidationFailure.body("device_ids", "Device '" + id + "' is listed twice", "value_error");
            }
        }
        int n = deviceIds.size();
        int canary = canarySize == null ? 1 : canarySize;
        if (canary < 1 || canary > n) {
            throw ValidationFailure.body("canary_size", "canary_size must be between 1 and the number of devices",
                    "value_error");
        }
        List<Integer> cumulative = percentages == null || percentages.isEmpty() ? List.of(100) : percentages;
        int previous = 0;
        for (Integer p : cumulative) {
            if (p == null || p <= previous || p > 100) {
                throw ValidationFailure.body("group_percentages",
                        "Percentages must rise strictly within 1..100", "value_error");
            }
            previous = p;
        }
        if (previous != 100) {
            throw ValidationFailure.body("group_percentages", "The last percentage must be 100", "value_error");
        }
        int success = bounded("success_threshold", successThreshold, 100, 1);
        int error = bounded("error_threshold", errorThreshold, 10, 0);
        int timeout = timeoutSeconds == null ? defaultTimeoutSeconds : timeoutSeconds;
        if (timeout < 1 || timeout > 7 * 24 * 3600) {
            throw ValidationFailure.body("device_timeout_seconds", "Input should be between 1 and 604800",
                    "value_error");
        }
        List<Integer> groups = new ArrayList<>(n);
        for (int i = 0; i < canary; i++) {
            groups.add(0);
        }
        int group = 0;
        int end = canary;
        for (Integer p : cumulative) {
            int upTo = (int) Math.ceil(n * (p / 100.0));
            if (upTo > end) {
                group++;
                for (int i = end; i < upTo; i++) {
                    groups.add(group);
                }
                end = upTo;
            }
        }
        return new NewRollout(List.copyOf(deviceIds), groups, group + 1, success, error,
                Boolean.TRUE.equals(autoRollback), timeout);
    }

    private static int bounded(String field, Integer value, int fallback, int min) {
        int v = value == null ? fallback : value;
        if (v < min || v > 100) {
            throw ValidationFailure.body(field, "Input should be between " + min + " and 100", "value_error");
        }
        return v;
    }
}
