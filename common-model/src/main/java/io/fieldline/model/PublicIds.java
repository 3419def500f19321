package io.fieldline.model;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Opaque public ids: what leaves a service in place of its internal numeric ids. Like seed 000 they are UUID
 * strings.
 */
public final class PublicIds {

    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private PublicIds() {
    }

    /** A new random public id. */
    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Whether the text has the shape of a public id (lowercase UUID), so malformed ids can be answered with 404 early. */
    public static boolean isWellFormed(String text) {
        return text != null && UUID_TEXT.matcher(text).matches();
    }
}
