package io.fieldline.gateway.audit.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import io.fieldline.support.http.ValidationFailure;

/** Reads ISO-8601 query values: with an offset, or without one (taken as UTC, as seed 000 does), or a date. */
final class IsoTimes {

    private IsoTimes() {
    }

    /**
     * The instant the text names, or null for absent text.
     *
     * @throws ValidationFailure (422) for text that is not an ISO-8601 date or date-time
     */
    static Instant parse(String parameter, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notDateTime) {
                try {
                    return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw ValidationFailure.query(parameter, "Input should be a valid datetime", "datetime_parsing");
                }
            }
        }
    }
}
