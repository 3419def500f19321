package io.fieldline.gateway.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private static final List<Cidr> PROXIES = List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8::/32"));

    @Test
    void withoutTrustedProxiesTheSocketPeerIsTheClient() {
        assertEquals("10.1.2.3", ClientAddress.resolve("10.1.2.3", List.of("198.51.100.7"), List.of()));
    }

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnored() {
        assertEquals("203.0.113.9", ClientAddress.resolve("203.0.113.9", List.of("198.51.100.7"), PROXIES));
    }

    @Test
    void walksFromTheRightToTheFirstUntrustedHop() {
        // The client forged the left-most entry; the proxies appended the real address and each other.
        assertEquals("198.51.100.7", ClientAddress.resolve("10.0.0.1",
                List.of("1.2.3.4, 198.51.100.7", "10.9.9.9"), PROXIES));
    }

    @Test
    void whenEveryHopIsTrustedTheLeftMostIsTheClient() {
        assertEquals("10.0.0.5", ClientAddress.resolve("10.0.0.1", List.of("10.0.0.5, 10.0.0.6"), PROXIES));
    }

    @Test
    void garbageStopsTheWalkAtTheLastTrustedHop() {
        assertEquals("10.0.0.6", ClientAddress.resolve("10.0.0.1", List.of("198.51.100.7, evil.example, 10.0.0.6"),
                PROXIES));
        assertEquals("10.0.0.1", ClientAddress.resolve("10.0.0.1", List.of("unknown"), PROXIES));
    }

    @Test
    void rangesMatchIpv4Ipv6AndMappedAddresses() {
        Cidr loopback = Cidr.parse("127.0.0.0/8");
        assertTrue(loopback.contains(Cidr.bytes("127.0.0.1")));
        assertTrue(loopback.contains(Cidr.bytes("::ffff:127.0.0.1")));
        assertFalse(loopback.contains(Cidr.bytes("128.0.0.1")));
        Cidr narrow = Cidr.parse("192.168.1.128/25");
        assertTrue(narrow.contains(Cidr.bytes("192.168.1.200")));
        assertFalse(narrow.contains(Cidr.bytes("192.168.1.127")));
        assertTrue(Cidr.parse("2001:db8::/32").contains(Cidr.bytes("[2001:db8::1]")));
        assertFalse(Cidr.parse("2001:db8::/32").contains(Cidr.bytes("2001:db9::1")));
        assertTrue(Cidr.parse("203.0.113.9").contains(Cidr.bytes("203.0.113.9")));
    }

    @Test
    void refusesRangesThatAreNotIpLiterals() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("proxy.internal/8"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/x"));
    }
}
