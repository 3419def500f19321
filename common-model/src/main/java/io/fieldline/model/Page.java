package io.fieldline.model;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The envelope of every list response: {@code {"page","page_size","total","data":[…]}} (DESIGN.md §4).
 */
public record Page<T>(int page, @JsonProperty("page_size") int pageSize, long total, List<T> data) {

    public Page {
        data = List.copyOf(data);
        if (total < 0) {
            throw new IllegalArgumentException("total must not be negative");
        }
    }

    /** The same page with each row mapped (e.g. stored rows to API views). */
    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(page, pageSize, total, data.stream().<R>map(mapper).toList());
    }

    /** One page of rows answering the given request. */
    public static <T> Page<T> of(PageRequest request, long total, List<T> data) {
        return new Page<>(request.page(), request.pageSize(), total, data);
    }
}
