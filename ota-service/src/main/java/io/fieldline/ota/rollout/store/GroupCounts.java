package io.fieldline.ota.rollout.store;

import java.util.Map;
import java.util.TreeMap;

/** How many devices of one rollout group are in each status. */
public record GroupCounts(int group, Map<String, Long> byStatus) {

    public GroupCounts {
        byStatus = new TreeMap<>(byStatus);
    }

    public long total() {
        return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(String status) {
        return byStatus.getOrDefault(status, 0L);
    }
}
