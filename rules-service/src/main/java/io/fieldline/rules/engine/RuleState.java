package io.fieldline.rules.engine;

import java.util.ArrayDeque;
import java.util.Deque;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the engine remembers about one rule between datapoints (a rule watches exactly one event, so this is the
 * state per (rule, event)). Times are epoch milliseconds: datapoint time for evaluation, wall-clock time for
 * {@link #lastSeen} (stale rules). Persisted as JSON in {@code rule_state} with the partition position it reflects.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class RuleState {

    /** The rule is outside its normal range (an incident was raised and has not cleared). */
    public boolean offnormal;
    /** When the condition started to hold, while waiting for {@code delay_seconds}; null when it does not hold. */
    public Long pendingSince;
    /** When the rule last raised (its cooldown runs from here). */
    public Long lastTriggered;
    /** When a datapoint of the event was last evaluated (wall clock). */
    public Long lastSeen;
    /** Recent datapoints for rate_of_change and anomaly rules: {time, value} pairs, oldest first. */
    public Deque<double[]> window;

    /** Datapoints partition of the rule's event; kept outside the JSON (it is its own column). */
    @JsonIgnore
    public int partition;

    /** A fresh state for a rule whose event lives in {@code partition}. */
    static RuleState fresh(int partition, long nowMillis) {
        RuleState state = new RuleState();
        state.partition = partition;
        state.lastSeen = nowMillis;
        return state;
    }

    Deque<double[]> window() {
        if (window == null) {
            window = new ArrayDeque<>();
        }
        return window;
    }
}
