package io.fieldline.gateway.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A shared frame is what a client's WebSocket decoder reads as the text, however often it is written. */
class SharedFrameTest {

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 125, 126, 127, 65_535, 65_536, 200_000 })
    void decodesAsTheTextAtEveryLengthEncoding(int length) {
        String text = "é".repeat(length / 2) + "x".repeat(length % 2); // two bytes per é: lengths count bytes
        SharedFrame frame = SharedFrame.utf8(text.getBytes(StandardCharsets.UTF_8));

        assertEquals(text, decode(frame.wire()));
        assertEquals(text, frame.text());
    }

    @Test
    void survivesEveryWriteReleasingItsView() {
        SharedFrame frame = SharedFrame.utf8(
                "{\"type\":\"value_changed\",\"payload\":{\"value\":21.5}}".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 3; i++) {
            ByteBuf view = frame.wire();
            view.skipBytes(view.readableBytes()); // as a socket write consumes it
            view.release(); // as Netty does after the write
        }

        assertEquals(frame.text(), decode(frame.wire()));
    }

    private static String decode(ByteBuf wire) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
        try {
            client.writeInbound(wire);
            TextWebSocketFrame decoded = client.readInbound();
            assertNotNull(decoded, "no frame decoded");
            try {
                assertTrue(decoded.isFinalFragment());
                return decoded.text();
            } finally {
                decoded.release();
            }
        } finally {
            client.finishAndReleaseAll();
        }
    }
}
