package io.fieldline.model;

import java.util.List;

/**
 * One validation problem, in the FastAPI shape seed 000 uses.
 *
 * @param loc where the problem is, e.g. {@code ["body", "email"]} or {@code ["query", "page_size"]}
 * @param msg the human message
 * @param type a machine-readable kind, e.g. {@code missing}, {@code value_error}
 */
public record FieldError(List<Object> loc, String msg, String type) {

    public FieldError {
        loc = List.copyOf(loc);
    }

    /** A problem in the request body at the given field path. */
    public static FieldError body(String field, String msg, String type) {
        return new FieldError(List.of("body", field), msg, type);
    }

    /** A problem in a query parameter. */
    public static FieldError query(String parameter, String msg, String type) {
        return new FieldError(List.of("query", parameter), msg, type);
    }
}
