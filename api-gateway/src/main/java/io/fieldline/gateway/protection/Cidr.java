package io.fieldline.gateway.protection;

import java.util.Arrays;

import io.netty.util.NetUtil;

/** An IPv4 or IPv6 address range such as {@code 10.0.0.0/8}; parsing never resolves host names. */
final class Cidr {

    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** Parses {@code address/prefix} or a single address; refuses anything else with a message naming the value. */
    static Cidr parse(String value) {
        String text = value.trim();
        int slash = text.indexOf('/');
        byte[] address = bytes(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("Not an IP address range: '" + value + "'");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("Not an IP address range: '" + value + "'");
            }
        }
        return new Cidr(address, prefix);
    }

    /** The bytes of an IP literal (4 or 16), or null when the text is not one. */
    static byte[] bytes(String literal) {
        String text = literal.trim();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        return NetUtil.createByteArrayFromIpAddressString(text);
    }

    /** Whether the address (4 or 16 bytes) lies in this range; IPv4-mapped IPv6 addresses match IPv4 ranges. */
    boolean contains(byte[] address) {
        byte[] candidate = address.length == 16 && network.length == 4 ? ipv4Mapped(address) : address;
        if (candidate == null || candidate.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        if (!Arrays.equals(candidate, 0, whole, network, 0, whole)) {
            return false;
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest);
        return (candidate[whole] & mask) == (network[whole] & mask);
    }

    private static byte[] ipv4Mapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return null;
            }
        }
        if (address[10] != (byte) 0xFF || address[11] != (byte) 0xFF) {
            return null;
        }
        return Arrays.copyOfRange(address, 12, 16);
    }
}
