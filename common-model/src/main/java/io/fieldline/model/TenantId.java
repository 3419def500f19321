package io.fieldline.model;

import java.util.Objects;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The identifier of a tenant: 1 to 64 characters of letters, digits, '-' and '_'. It never contains '/', so it can
 * lead a Kafka record key.
 */
public record TenantId(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** @throws IllegalArgumentException if the value is not a valid tenant id */
    @JsonCreator
    public TenantId {
        Objects.requireNonNull(value, "tenant id");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("Invalid tenant id: must be 1-64 of [A-Za-z0-9_-]");
        }
    }

    /** Parses a tenant id; same rules as the constructor. */
    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
