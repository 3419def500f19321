package io.fieldline.model;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The identifier of a tenant: 1 to 64 characters of letters, digits, '-' and '_'. It never contains '/', so it can
 * lead a Kafka record key.
 */
public record TenantId(String value) {

    private static final int MAX_LENGTH = 64;

    /** @throws IllegalArgumentException if the value is not a valid tenant id */
    @JsonCreator
    public TenantId {
        Objects.requireNonNull(value, "tenant id");
        if (!valid(value)) {
            throw new IllegalArgumentException("Invalid tenant id: must be 1-64 of [A-Za-z0-9_-]");
        }
    }

    /** Parses a tenant id; same rules as the constructor. */
    public static TenantId of(String value) {
        return new TenantId(value);
    }

    // A loop, not a regex: every Kafka record key is checked on the consumers' hot paths.
    private static boolean valid(String value) {
        int length = value.length();
        if (length == 0 || length > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
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
