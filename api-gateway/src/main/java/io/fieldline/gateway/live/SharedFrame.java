package io.fieldline.gateway.live;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A WebSocket text message encoded once, frame header included, for every connection that gets it. A server's frames
 * are not masked (RFC 6455 §5.1), so the bytes are the same for every client: a connection writes a view of them
 * instead of encoding the text again and letting the WebSocket encoder frame and copy it (Vert.x's
 * {@code writeTextMessage} per connection was a fifth of the gateway's CPU under bench-live). The bytes live in a
 * direct buffer the epoll transport sends without copying; Netty's release after a write does not reach them, and
 * they go with the frame when it is garbage.
 */
final class SharedFrame {

    private static final int FINAL_TEXT = 0x81;

    private final ByteBuf wire;
    private final int headerLength;

    private SharedFrame(ByteBuf wire, int headerLength) {
        this.wire = wire;
        this.headerLength = headerLength;
    }

    /** The single-frame text message whose UTF-8 bytes are {@code payload}. */
    static SharedFrame utf8(byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuffer bytes = ByteBuffer.allocateDirect(header + length);
        bytes.put((byte) FINAL_TEXT);
        if (length < 126) {
            bytes.put((byte) length);
        } else if (length <= 0xFFFF) {
            bytes.put((byte) 126).putShort((short) length);
        } else {
            bytes.put((byte) 127).putLong(length);
        }
        bytes.put(payload).flip();
        return new SharedFrame(Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes)), header);
    }

    /** The message text (decoded again: only connections without a channel of their own need it). */
    String text() {
        return wire.toString(headerLength, wire.readableBytes() - headerLength, StandardCharsets.UTF_8);
    }

    /** The whole frame for one write: a view with its own read position over the shared bytes. */
    ByteBuf wire() {
        return wire.duplicate();
    }
}
