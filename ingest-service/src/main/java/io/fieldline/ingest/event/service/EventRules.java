package io.fieldline.ingest.event.service;

import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;

import io.fieldline.ingest.event.store.EventFields;
import io.fieldline.support.http.ValidationFailure;

/** The checks on event values that Bean Validation cannot express, and the errors events answer with. */
final class EventRules {

    private EventRules() {
    }

    /**
     * Checks that given bounds are finite and, when both are given, ordered.
     *
     * @throws ValidationFailure (422) otherwise
     */
    static void checkRange(EventFields fields) {
        checkFinite("min_value", fields.minValue());
        checkFinite("max_value", fields.maxValue());
        if (fields.minValue() != null && fields.maxValue() != null && fields.minValue() > fields.maxValue()) {
            throw invertedRange();
        }
    }

    static ValidationFailure invertedRange() {
        return ValidationFailure.body("min_value", "min_value must be less than or equal to max_value",
                "value_error");
    }

    static NotFoundException notFound(String publicId) {
        return new NotFoundException("Event '" + publicId + "' not found.");
    }

    static ClientErrorException duplicateName() {
        return new ClientErrorException("Event already exists.", 409);
    }

    // Jackson reads "NaN" and "Infinity" into a double; neither is a usable bound.
    private static void checkFinite(String field, Double value) {
        if (value != null && !Double.isFinite(value)) {
            throw ValidationFailure.body(field, "Input should be a finite number", "finite_number");
        }
    }
}
