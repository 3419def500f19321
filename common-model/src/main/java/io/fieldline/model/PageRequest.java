package io.fieldline.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated {@code ?page=&page_size=} pair: page ≥ 1, page_size 1..100 (DESIGN.md §4).
 */
public record PageRequest(int page, int pageSize) {

    public static final int DEFAULT_PAGE = 1;
    public static final int DEFAULT_PAGE_SIZE = 25;
    public static final int MAX_PAGE_SIZE = 100;

    /** @throws InvalidPageException if a value is out of range */
    public PageRequest {
        List<FieldError> problems = problems(page, pageSize);
        if (!problems.isEmpty()) {
            throw new InvalidPageException(problems);
        }
    }

    /** Reads the query values, applying the defaults to absent ones. */
    public static PageRequest of(Integer page, Integer pageSize) {
        return new PageRequest(page == null ? DEFAULT_PAGE : page, pageSize == null ? DEFAULT_PAGE_SIZE : pageSize);
    }

    /** Rows to skip before this page. */
    public long offset() {
        return (long) (page - 1) * pageSize;
    }

    private static List<FieldError> problems(int page, int pageSize) {
        List<FieldError> problems = new ArrayList<>(2);
        if (page < 1) {
            problems.add(FieldError.query("page", "Input should be greater than or equal to 1", "greater_than_equal"));
        }
        if (pageSize < 1) {
            problems.add(FieldError.query("page_size", "Input should be greater than or equal to 1",
                    "greater_than_equal"));
        } else if (pageSize > MAX_PAGE_SIZE) {
            problems.add(FieldError.query("page_size", "Input should be less than or equal to " + MAX_PAGE_SIZE,
                    "less_than_equal"));
        }
        return problems;
    }

    /** Raised for an out-of-range page or page size; answered with 422. */
    public static final class InvalidPageException extends IllegalArgumentException {

        private final transient List<FieldError> errors;

        InvalidPageException(List<FieldError> errors) {
            super("Invalid pagination parameters");
            this.errors = List.copyOf(errors);
        }

        /** The field problems, for the 422 body. */
        public List<FieldError> errors() {
            return errors;
        }

        /** The error body to answer with. */
        public ErrorBody toErrorBody() {
            return ErrorBody.validation(getMessage(), errors);
        }
    }
}
