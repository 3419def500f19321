package io.fieldline.rules.engine;

import java.util.Deque;

import io.fieldline.rules.rule.store.StoredRule;

/**
 * The rule semantics, free of I/O: seed 000's operators, plus hysteresis (an offnormal rule clears only once the
 * value is back inside by the deadband), a delay (the condition must hold that long, measured in datapoint time,
 * before raising; it restarts when the condition lapses), a cooldown (no new incident within cooldown_seconds of the
 * last raise, as seed 000), and the derived kinds rate_of_change and anomaly. Stale rules are judged by
 * {@link #staleCheck}.
 */
final class Evaluator {

    private static final double EQ_EPSILON = 1e-9;
    // Anomaly rules need this many earlier values before a z-score means anything.
    private static final int MIN_ANOMALY_HISTORY = 3;
    // Bound of a rate_of_change window, whatever its length in seconds.
    private static final int MAX_RATE_POINTS = 1_000;

    private Evaluator() {
    }

    /** Evaluates one datapoint (at datapoint time {@code timeMillis}); updates {@code state}. */
    static Outcome evaluate(StoredRule rule, RuleState state, double value, long timeMillis, long nowMillis) {
        state.lastSeen = nowMillis;
        switch (rule.kind()) {
            case "stale" -> {
                // Any datapoint ends staleness.
                if (state.offnormal) {
                    state.offnormal = false;
                    return Outcome.CLEAR;
                }
                return Outcome.NONE;
            }
            case "rate_of_change" -> {
                Double rate = rate(rule, state, value, timeMillis);
                if (rate == null) {
                    return Outcome.NONE;
                }
                return step(rule, state, rate, timeMillis);
            }
            case "anomaly" -> {
                Double z = zScore(rule, state, value);
                if (z == null) {
                    return Outcome.NONE;
                }
                return step(rule, state, z, timeMillis);
            }
            default -> {
                return step(rule, state, value, timeMillis);
            }
        }
    }

    /** Judges a stale rule at wall-clock {@code nowMillis}: raises once no datapoint came for stale_seconds. */
    static Outcome staleCheck(StoredRule rule, RuleState state, long nowMillis) {
        if (state.offnormal || state.lastSeen == null) {
            return Outcome.NONE;
        }
        boolean silent = nowMillis - state.lastSeen >= rule.staleSeconds() * 1000L;
        if (silent && cooledDown(rule, state, nowMillis)) {
            state.offnormal = true;
            state.lastTriggered = nowMillis;
            return Outcome.RAISE;
        }
        return Outcome.NONE;
    }

    private static Outcome step(StoredRule rule, RuleState state, double x, long timeMillis) {
        boolean violating = violates(rule, x);
        if (!state.offnormal) {
            if (!violating) {
                state.pendingSince = null;
                return Outcome.NONE;
            }
            if (state.pendingSince == null) {
                state.pendingSince = timeMillis;
            }
            boolean held = timeMillis - state.pendingSince >= rule.delaySeconds() * 1000L;
            if (held && cooledDown(rule, state, timeMillis)) {
                state.offnormal = true;
                state.pendingSince = null;
                state.lastTriggered = timeMillis;
                return Outcome.RAISE;
            }
            return Outcome.NONE;
        }
        if (clears(rule, x)) {
            state.offnormal = false;
            state.pendingSince = null;
            return Outcome.CLEAR;
        }
        // Inside the deadband the incident stays open but the value does not count as a violation.
        return violating ? Outcome.UPDATE : Outcome.NONE;
    }

    private static boolean cooledDown(StoredRule rule, RuleState state, long timeMillis) {
        return state.lastTriggered == null || timeMillis - state.lastTriggered >= rule.cooldownSeconds() * 1000L;
    }

    /** Seed 000's comparison; the anomaly kind compares |z| with the threshold k. */
    static boolean violates(StoredRule rule, double x) {
        if ("anomaly".equals(rule.kind())) {
            return Math.abs(x) > rule.threshold();
        }
        double t = rule.threshold();
        Double high = rule.thresholdHigh();
        return switch (rule.operator()) {
            case "gt" -> x > t;
            case "lt" -> x < t;
            case "gte" -> x >= t;
            case "lte" -> x <= t;
            case "eq" -> Math.abs(x - t) < EQ_EPSILON;
            case "between" -> high != null && t <= x && x <= high;
            case "not_between" -> high != null && (x < t || x > high);
            default -> false;
        };
    }

    /** Whether an offnormal rule is back to normal: the opposite condition, moved inwards by the deadband. */
    static boolean clears(StoredRule rule, double x) {
        double d = rule.deadband();
        if ("anomaly".equals(rule.kind())) {
            return Math.abs(x) <= rule.threshold() - d;
        }
        double t = rule.threshold();
        double high = rule.thresholdHigh() == null ? t : rule.thresholdHigh();
        return switch (rule.operator()) {
            case "gt" -> x <= t - d;
            case "gte" -> x < t - d;
            case "lt" -> x >= t + d;
            case "lte" -> x > t + d;
            case "eq" -> Math.abs(x - t) >= EQ_EPSILON + d;
            case "between" -> x < t - d || x > high + d;
            case "not_between" -> t + d <= x && x <= high - d;
            default -> true;
        };
    }

    /** Per-second change over the rule's window, or null until the window spans some time. */
    private static Double rate(StoredRule rule, RuleState state, double value, long timeMillis) {
        Deque<double[]> window = state.window();
        long horizon = timeMillis - rule.windowSeconds() * 1000L;
        while (!window.isEmpty() && (window.peekFirst()[0] < horizon || window.size() >= MAX_RATE_POINTS)) {
            window.pollFirst();
        }
        window.addLast(new double[]{ timeMillis, value });
        double[] oldest = window.peekFirst();
        double seconds = (timeMillis - oldest[0]) / 1000.0;
        return seconds <= 0 ? null : (value - oldest[1]) / seconds;
    }

    /** z-score of the value against the previous window_size values, or null until enough history exists. */
    private static Double zScore(StoredRule rule, RuleState state, double value) {
        Deque<double[]> window = state.window();
        Double z = null;
        if (window.size() >= Math.min(MIN_ANOMALY_HISTORY, rule.windowSize())) {
            double sum = 0;
            double squares = 0;
            for (double[] point : window) {
                sum += point[1];
                squares += point[1] * point[1];
            }
            int n = window.size();
            double mean = sum / n;
            double std = Math.sqrt(Math.max(0, squares / n - mean * mean));
            // A perfectly flat history makes any change infinitely unusual; report a large finite score instead.
            z = std == 0 ? (value == mean ? 0.0 : Math.copySign(1e9, value - mean)) : (value - mean) / std;
        }
        window.addLast(new double[]{ 0, value });
        while (window.size() > rule.windowSize()) {
            window.pollFirst();
        }
        return z;
    }
}
