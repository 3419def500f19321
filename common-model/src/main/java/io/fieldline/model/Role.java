package io.fieldline.model;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Roles in increasing power: {@code viewer < operator < admin} within a tenant, and the platform role
 * {@code superadmin} that manages tenants.
 */
public enum Role {

    VIEWER, OPERATOR, ADMIN, SUPERADMIN;

    /** Whether this role grants at least what the other grants. */
    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    /** The lowercase name used in JSON and tokens. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a lowercase role name.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    @JsonCreator
    public static Role fromWire(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("Unknown role: " + name);
    }
}
