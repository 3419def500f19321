package io.fieldline.ingest.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Timestamps in the binary COPY stream: microseconds from PostgreSQL's epoch, rounded to the nearest one. */
class CopyRowsTest {

    @Test
    void timestampsCountMicrosecondsFromTheYear2000() {
        assertEquals(0, CopyRows.micros(Instant.parse("2000-01-01T00:00:00Z")));
        assertEquals(1_500_001, CopyRows.micros(Instant.parse("2000-01-01T00:00:01.500001Z")));
        assertEquals(-1_000_000, CopyRows.micros(Instant.parse("1999-12-31T23:59:59Z")));
    }

    @Test
    void nanosecondsRoundToTheNearestMicrosecondAcrossASecond() {
        assertEquals(1, CopyRows.micros(Instant.parse("2000-01-01T00:00:00.000001499Z")));
        assertEquals(2, CopyRows.micros(Instant.parse("2000-01-01T00:00:00.000001500Z")));
        // Just before the epoch, rounding up carries into the next second.
        assertEquals(0, CopyRows.micros(Instant.parse("1999-12-31T23:59:59.999999600Z")));
    }
}
