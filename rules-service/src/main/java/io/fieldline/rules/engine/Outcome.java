package io.fieldline.rules.engine;

/** What one evaluation does to a rule's incident. */
enum Outcome {
    /** Nothing changes. */
    NONE,
    /** The rule goes offnormal: open an incident. */
    RAISE,
    /** Still offnormal and still violating: count the value on the open incident. */
    UPDATE,
    /** Back to normal past the deadband: clear the open incident. */
    CLEAR
}
