package io.fieldline.ota.firmware.service;

import java.util.Comparator;
import java.util.regex.Pattern;

/** Strict semantic versions {@code X.Y.Z} without leading zeros (seed 000), and their order. */
public final class Semver {

    /** The pattern request records validate {@code version} with. */
    public static final String PATTERN = "(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})";
    public static final String MESSAGE = "Version must be strict semantic versioning X.Y.Z without leading zeros";

    private static final Pattern VALID = Pattern.compile(PATTERN);

    /** Orders valid versions by major, minor, patch. */
    public static final Comparator<String> ORDER = Comparator.comparingLong((String v) -> part(v, 0))
            .thenComparingLong(v -> part(v, 1)).thenComparingLong(v -> part(v, 2));

    private Semver() {
    }

    public static boolean isValid(String version) {
        return version != null && VALID.matcher(version).matches();
    }

    /** Whether {@code candidate} is strictly above {@code current}; false if either is malformed (seed 000). */
    public static boolean isNewer(String candidate, String current) {
        return isValid(candidate) && isValid(current) && ORDER.compare(candidate, current) > 0;
    }

    private static long part(String version, int index) {
        return Long.parseLong(version.split("\\.")[index]);
    }
}
