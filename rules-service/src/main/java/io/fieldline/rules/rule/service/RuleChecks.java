package io.fieldline.rules.rule.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;

import io.fieldline.model.FieldError;
import io.fieldline.rules.rule.store.RuleFields;
import io.fieldline.support.http.ValidationFailure;

/** The checks on a whole rule that Bean Validation cannot express (they depend on the kind), and rule errors. */
final class RuleChecks {

    private RuleChecks() {
    }

    /** Applies the defaults of a new rule (seed 000: enabled, 60 s cooldown; Fieldline: threshold kind, warning). */
    static RuleFields withDefaults(RuleFields f) {
        String kind = f.kind() == null ? "threshold" : f.kind();
        return new RuleFields(f.name(), f.eventPublicId(), kind, f.operator(), f.threshold(), f.thresholdHigh(),
                f.actionType(), f.webhookEventType(), f.enabled() == null ? Boolean.TRUE : f.enabled(),
                f.cooldownSeconds() == null ? 60 : f.cooldownSeconds(),
                f.severity() == null ? "warning" : f.severity(), f.deadband() == null ? 0.0 : f.deadband(),
                f.delaySeconds() == null ? 0 : f.delaySeconds(),
                f.windowSeconds() == null && "rate_of_change".equals(kind) ? Integer.valueOf(60) : f.windowSeconds(),
                f.windowSize() == null && "anomaly".equals(kind) ? Integer.valueOf(30) : f.windowSize(),
                f.staleSeconds());
    }

    /**
     * Checks a complete rule: what its kind needs, finite numbers, and {@code threshold_high >= threshold} for the
     * band operators.
     *
     * @throws ValidationFailure (422) listing every problem
     */
    static void check(RuleFields f) {
        List<FieldError> problems = new ArrayList<>();
        finite(problems, "threshold", f.threshold());
        finite(problems, "threshold_high", f.thresholdHigh());
        finite(problems, "deadband", f.deadband());
        switch (f.kind()) {
            case "threshold", "rate_of_change" -> {
                required(problems, "operator", f.operator());
                required(problems, "threshold", f.threshold());
                if ("between".equals(f.operator()) || "not_between".equals(f.operator())) {
                    if (f.thresholdHigh() == null) {
                        problems.add(FieldError.body("threshold_high",
                                "threshold_high is required for between/not_between operators", "value_error"));
                    } else if (f.threshold() != null && f.thresholdHigh() < f.threshold()) {
                        problems.add(FieldError.body("threshold_high",
                                "threshold_high must be greater than or equal to threshold", "value_error"));
                    }
                }
            }
            case "anomaly" -> {
                required(problems, "threshold", f.threshold());
                if (f.threshold() != null && f.threshold() <= 0) {
                    problems.add(FieldError.body("threshold", "Input should be greater than 0 (the z-score limit)",
                            "greater_than"));
                }
            }
            case "stale" -> required(problems, "stale_seconds", f.staleSeconds());
            default -> problems.add(FieldError.body("kind", "Unknown kind", "enum"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationFailure(problems.get(0).msg(), problems);
        }
    }

    static NotFoundException notFound(String publicId) {
        return new NotFoundException("Rule '" + publicId + "' not found.");
    }

    static NotFoundException eventNotFound(String eventPublicId) {
        return new NotFoundException("Event '" + eventPublicId + "' not found.");
    }

    static ClientErrorException duplicateName() {
        return new ClientErrorException("Rule already exists.", 409);
    }

    private static void required(List<FieldError> problems, String field, Object value) {
        if (value == null) {
            problems.add(FieldError.body(field, "Field required", "missing"));
        }
    }

    // Jackson reads "NaN" and "Infinity" into a double; neither is a usable limit.
    private static void finite(List<FieldError> problems, String field, Double value) {
        if (value != null && !Double.isFinite(value)) {
            problems.add(FieldError.body(field, "Input should be a finite number", "finite_number"));
        }
    }
}
