package io.fieldline.rules.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fieldline.rules.rule.store.StoredRule;

/**
 * What one evaluation pass decided, to be written in one transaction: incident operations in order, the rule states
 * that changed, and the partition positions they reflect. Consecutive updates of one rule's open incident are
 * coalesced into one.
 */
final class Changes {

    /** An incident operation. */
    sealed interface Op permits Raise, Touch, Clear {

        StoredRule rule();
    }

    /** Open an incident (or count on one already open). */
    record Raise(StoredRule rule, String incidentPublicId, Double value, Instant at) implements Op {
    }

    /** Count {@code count} more violating values on the open incident. */
    record Touch(StoredRule rule, long count, double last, double max, double min, Instant at, Double center)
            implements
                Op {

        Touch plus(double value, Instant time) {
            return new Touch(rule, count + 1, value, Math.max(max, value), Math.min(min, value), time, center);
        }
    }

    /** Clear the open incident. */
    record Clear(StoredRule rule, Double value, Instant at) implements Op {
    }

    final List<Op> ops = new ArrayList<>();
    final Map<Long, RuleState> dirty = new LinkedHashMap<>();
    /** partition → {position read at load (-1: none stored), position after this pass}. */
    final Map<Integer, long[]> positions = new HashMap<>();

    // Index in ops of each rule's latest op: only a Touch can absorb another value, anything else keeps the order.
    private final Map<Long, Integer> latest = new HashMap<>();

    void add(Op op) {
        latest.put(op.rule().id(), ops.size());
        ops.add(op);
    }

    void touch(StoredRule rule, double value, Instant at, Double center) {
        Integer index = latest.get(rule.id());
        if (index != null && ops.get(index) instanceof Touch earlier) {
            ops.set(index, earlier.plus(value, at));
            return;
        }
        add(new Touch(rule, 1, value, value, value, at, center));
    }

    boolean isEmpty() {
        return ops.isEmpty() && dirty.isEmpty() && positions.isEmpty();
    }
}
