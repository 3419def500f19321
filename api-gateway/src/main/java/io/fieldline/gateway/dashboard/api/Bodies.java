package io.fieldline.gateway.dashboard.api;

import java.util.List;

import io.fieldline.model.FieldError;
import io.fieldline.support.http.ValidationFailure;

/** A missing JSON body is a validation error (422), as FastAPI answers it in seed 000. */
final class Bodies {

    private Bodies() {
    }

    static <T> T required(T body) {
        if (body == null) {
            throw new ValidationFailure("Field required", List.of(new FieldError(List.of("body"), "Field required",
                    "missing")));
        }
        return body;
    }
}
