package io.fieldline.gateway.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TelemetryMessageTest {

    private static TelemetryMessage parse(String text) {
        return TelemetryMessage.parse(text, 100, 2);
    }

    @Test
    void aBatchKeepsItsItemsAsSentAndAShortIdForTheReply() {
        var batch = assertInstanceOf(TelemetryMessage.Batch.class,
                parse("{\"datapoints\":[{\"value\":1},\"odd\"],\"id\":7}"));
        assertEquals(2, batch.datapoints().size());
        assertEquals("odd", batch.datapoints().getValue(1)); // item validation is ingest-service's
        assertEquals(7, batch.id());
    }

    @Test
    void idsThatAreNotShortScalarsAreNotEchoed() {
        assertNull(assertInstanceOf(TelemetryMessage.Batch.class, parse("{\"datapoints\":[1],\"id\":{\"a\":1}}"))
                .id());
        assertNull(assertInstanceOf(TelemetryMessage.Batch.class,
                TelemetryMessage.parse("{\"datapoints\":[1],\"id\":\"" + "x".repeat(65) + "\"}", 200, 2)).id());
    }

    @Test
    void refusesWhatIsNotABatchOfTheAllowedSize() {
        assertEquals("Invalid JSON message", invalid("[1,2]").message());
        assertEquals("Invalid JSON message", invalid("").message());
        assertEquals("Invalid message: expected {\"datapoints\": [...]}", invalid("{\"datapoints\":{}}").message());
        assertEquals("Batch too large (3), max 2", invalid("{\"datapoints\":[1,2,3],\"id\":\"b\"}").message());
        assertEquals("b", invalid("{\"datapoints\":[1,2,3],\"id\":\"b\"}").id());
        assertEquals("Message too large (101 characters), max 100",
                invalid("{\"datapoints\":[],\"pad\":\"" + "x".repeat(101 - 26) + "\"}").message());
    }

    @Test
    void anEmptyBatchIsIgnored() {
        assertInstanceOf(TelemetryMessage.Ignored.class, parse("{\"datapoints\":[]}"));
    }

    private static TelemetryMessage.Invalid invalid(String text) {
        return assertInstanceOf(TelemetryMessage.Invalid.class, parse(text));
    }
}
