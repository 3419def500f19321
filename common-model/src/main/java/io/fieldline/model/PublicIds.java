package io.fieldline.model;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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

    /**
     * A new time-ordered public id (UUID version 7: milliseconds since the epoch, then 74 random bits), for rows
     * written at a high rate. Its index grows at the right edge like the rows themselves, where a random id touches
     * a random leaf page per row: 2.5 times the insert cost once the index outgrows the cache. The id tells the
     * time it was made; use it only where that time is no secret (a datapoint carries its timestamp anyway).
     */
    public static String newTimeOrderedId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    /** Whether the text has the shape of a public id (lowercase UUID), so malformed ids can be answered with 404 early. */
    public static boolean isWellFormed(String text) {
        return text != null && UUID_TEXT.matcher(text).matches();
    }
}
