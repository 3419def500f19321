package io.fieldline.support.http;

import java.util.List;

import io.fieldline.model.ErrorBody;
import io.fieldline.model.FieldError;

/**
 * A request that parsed but is invalid; answered with 422 and its field problems (seed 000's FastAPI shape). Thrown
 * by services for checks that Bean Validation annotations cannot express.
 */
public class ValidationFailure extends RuntimeException {

    private final transient List<FieldError> errors;

    public ValidationFailure(String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.errors = List.copyOf(errors);
    }

    /** One problem with a body field. */
    public static ValidationFailure body(String field, String msg, String type) {
        return new ValidationFailure(msg, List.of(FieldError.body(field, msg, type)));
    }

    /** One problem with a query parameter. */
    public static ValidationFailure query(String parameter, String msg, String type) {
        return new ValidationFailure(msg, List.of(FieldError.query(parameter, msg, type)));
    }

    /** The 422 body. */
    public ErrorBody toErrorBody() {
        return new ErrorBody(getMessage(), "validation_error", 422, errors);
    }
}
