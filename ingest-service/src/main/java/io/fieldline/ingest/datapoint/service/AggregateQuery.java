package io.fieldline.ingest.datapoint.service;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fieldline.model.FieldError;
import io.fieldline.support.http.ValidationFailure;

/**
 * The validated parameters of {@code GET /api/v1/datapoints/aggregate}.
 *
 * @param eventPublicIds 1..{@value #MAX_EVENTS} distinct event ids
 * @param from inclusive start (rollup buckets are minutes: a bucket counts when it starts in [from, to))
 * @param to exclusive end
 * @param interval 1m, 1h or 1d
 * @param functions the requested subset of min, max, avg, sum, count, in the order given
 */
public record AggregateQuery(List<String> eventPublicIds, Instant from, Instant to, String interval,
        List<String> functions) {

    public static final int MAX_EVENTS = 20;
    /** Buckets per event one answer may hold (31 days of minutes). */
    public static final long MAX_BUCKETS = 44_640;
    public static final List<String> FUNCTIONS = List.of("min", "max", "avg", "sum", "count");
    private static final Map<String, Duration> WIDTHS = Map.of("1m", Duration.ofMinutes(1), "1h",
            Duration.ofHours(1), "1d", Duration.ofDays(1));
    private static final Duration DEFAULT_RANGE = Duration.ofDays(1);

    /**
     * Parses the query parameters; absent ones take their defaults (to = now, from = to − 1 day, interval 1h, all
     * functions).
     *
     * @throws ValidationFailure (422) listing every invalid parameter
     */
    public static AggregateQuery parse(String ids, String fromText, String toText, String intervalText, String fn,
            Instant now) {
        List<FieldError> errors = new ArrayList<>();
        List<String> events = ids == null ? List.of()
                : new ArrayList<>(new LinkedHashSet<>(Arrays.stream(ids.split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).toList()));
        if (events.isEmpty()) {
            errors.add(FieldError.query("event_public_ids", "Field required", "missing"));
        } else if (events.size() > MAX_EVENTS) {
            errors.add(FieldError.query("event_public_ids", "List should have at most " + MAX_EVENTS + " items",
                    "too_long"));
        }
        Instant to = instant("to", toText, errors);
        Instant from = instant("from", fromText, errors);
        to = to == null ? now : to;
        from = from == null ? to.minus(DEFAULT_RANGE) : from;
        String interval = intervalText == null ? "1h" : intervalText;
        Duration width = WIDTHS.get(interval);
        if (width == null) {
            errors.add(FieldError.query("interval", "Input should be '1m', '1h' or '1d'", "enum"));
        }
        List<String> functions = functions(fn, errors);
        if (!from.isBefore(to)) {
            errors.add(FieldError.query("from", "from must be before to", "value_error"));
        } else if (width != null && Duration.between(from, to).dividedBy(width) > MAX_BUCKETS) {
            errors.add(FieldError.query("interval", "Too many buckets: at most " + MAX_BUCKETS
                    + " per event; use a larger interval or a shorter range", "value_error"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailure(errors.get(0).msg(), errors);
        }
        return new AggregateQuery(List.copyOf(events), from, to, interval, functions);
    }

    private static List<String> functions(String fn, List<FieldError> errors) {
        if (fn == null || fn.isBlank()) {
            return FUNCTIONS;
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String name : fn.split(",")) {
            String trimmed = name.trim();
            if (!FUNCTIONS.contains(trimmed)) {
                errors.add(FieldError.query("fn", "Unknown function '" + trimmed
                        + "'; use min, max, avg, sum, count", "enum"));
                return FUNCTIONS;
            }
            chosen.add(trimmed);
        }
        return List.copyOf(chosen);
    }

    private static Instant instant(String name, String text, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(FieldError.query(name, "Input should be an ISO-8601 date-time with offset", "datetime_parsing"));
            return null;
        }
    }
}
