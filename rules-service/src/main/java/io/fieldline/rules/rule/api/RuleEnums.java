package io.fieldline.rules.rule.api;

/** Patterns and messages (seed 000's pydantic wording) for the enumerated rule fields. */
final class RuleEnums {

    static final String OPERATOR = "gt|lt|gte|lte|eq|between|not_between";
    static final String OPERATOR_MESSAGE = "Input should be 'gt', 'lt', 'gte', 'lte', 'eq', 'between' or "
            + "'not_between'";
    static final String ACTION = "webhook|log";
    static final String ACTION_MESSAGE = "Input should be 'webhook' or 'log'";
    static final String KIND = "threshold|stale|rate_of_change|anomaly";
    static final String KIND_MESSAGE = "Input should be 'threshold', 'stale', 'rate_of_change' or 'anomaly'";
    static final String SEVERITY = "info|warning|critical|life_safety";
    static final String SEVERITY_MESSAGE = "Input should be 'info', 'warning', 'critical' or 'life_safety'";
    static final String NAME_MIN = "String should have at least 1 character";
    static final String NAME_MAX = "String should have at most 255 characters";
    static final String NON_NEGATIVE = "Input should be greater than or equal to 0";
    static final String POSITIVE = "Input should be greater than 0";

    private RuleEnums() {
    }
}
