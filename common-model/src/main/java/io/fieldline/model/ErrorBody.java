package io.fieldline.model;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error response (DESIGN.md §4): {@code detail} is the human message (seed 000), {@code code} a
 * snake_case machine code (seed 002), {@code status} the HTTP status, and {@code errors} the field problems of a
 * validation error.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String detail, String code, int status, List<FieldError> errors) {

    public ErrorBody {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("error status must be 4xx or 5xx");
        }
        errors = errors == null ? null : List.copyOf(errors);
    }

    /** An error without field problems, with the standard code of its status. */
    public static ErrorBody of(int status, String detail) {
        return new ErrorBody(detail, codeFor(status), status, null);
    }

    /** A 422 validation error listing its field problems. */
    public static ErrorBody validation(String detail, List<FieldError> errors) {
        return new ErrorBody(detail, "validation_error", 422, errors);
    }

    /** The standard machine code of a status (seed 002 names where they exist). */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 422 -> "validation_error";
            case 429 -> "rate_limited";
            case 500 -> "internal_error";
            case 502 -> "bad_gateway";
            case 503 -> "service_unavailable";
            case 504 -> "gateway_timeout";
            default -> (status < 500 ? "client_error_" : "server_error_") + status;
        };
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d %s: %s", status, code, detail);
    }
}
