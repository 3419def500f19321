package io.fieldline.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

    private final ObjectMapper json = ModelJson.newMapper();

    @Test
    void formatsAndParsesExactlyAsTheJdkDoes() {
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            long second = random.nextLong(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(second, nanos);
            String text = IsoInstants.format(instant);
            assertEquals(instant.toString(), text);
            assertEquals(instant, IsoInstants.parse(text), text);
        }
    }

    @Test
    void leavesOtherShapesToTheRegularParser() throws Exception {
        assertNull(IsoInstants.parse("2026-11-26T13:31:56+01:00"));
        assertNull(IsoInstants.parse("2026-02-30T13:31:56Z"));
        assertNull(IsoInstants.parse("2026-11-26T25:31:56Z"));
        assertNull(IsoInstants.parse("2026-11-26T13:31:56.Z"));
        assertNull(IsoInstants.parse("2026-11-26T13:31:56.1234567890Z"));
        assertNull(IsoInstants.parse("2026-1x-26T13:31:56Z"));

        assertEquals(Instant.parse("2026-11-26T12:31:56Z"),
                json.readValue("\"2026-11-26T13:31:56+01:00\"", Instant.class));
        assertEquals(Instant.parse("2026-11-26T13:31:56.5Z"),
                json.readValue("\"2026-11-26T13:31:56.5Z\"", Instant.class));
        assertThrows(JsonMappingException.class, () -> json.readValue("\"2026-02-30T13:31:56Z\"", Instant.class));
        assertEquals("\"2026-11-26T13:31:56.120Z\"", json.writeValueAsString(Instant.parse("2026-11-26T13:31:56.12Z")));
    }
}
