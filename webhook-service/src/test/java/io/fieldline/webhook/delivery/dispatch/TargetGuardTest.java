package io.fieldline.webhook.delivery.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.vertx.mutiny.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** SSRF rules: internal ranges refused after resolution, public ones allowed, the allowlist for tests and dev. */
class TargetGuardTest {

    private static final Vertx VERTX = Vertx.vertx();
    private final TargetGuard strict = new TargetGuard(Optional.empty(), VERTX);

    @AfterAll
    static void close() {
        VERTX.closeAndAwait();
    }

    @Test
    void internalAddressesAreRefused() throws Exception {
        for (String address : List.of("127.0.0.1", "127.9.9.9", "0.0.0.0", "10.0.0.1", "172.16.5.4", "192.168.1.1",
                "169.254.169.254", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1",
                "fd00:ec2::254", "ff02::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1",
                // IPv6 forms carrying an IPv4 address: compatible, NAT64, 6to4, Teredo
                "::127.0.0.1", "::10.0.0.1", "64:ff9b::a00:1", "2002:7f00:1::1",
                "2001:0:4136:e378:8000:63bf:3fff:fdd2")) {
            assertTrue(strict.refusal(InetAddress.getByName(address)).isPresent(), address);
        }
    }

    @Test
    void publicAddressesAreAllowed() throws Exception {
        for (String address : List.of("93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111",
                "172.32.0.1", "192.169.0.1")) {
            assertTrue(strict.refusal(InetAddress.getByName(address)).isEmpty(), address);
        }
    }

    @Test
    void hostNamesAreCheckedAfterResolution() {
        // localhost resolves through the system resolver to loopback: refused before any connection
        TargetGuard.BlockedTarget refused = assertThrows(TargetGuard.BlockedTarget.class,
                () -> strict.resolve("localhost").await().atMost(Duration.ofSeconds(10)));
        assertTrue(refused.getMessage().contains("not public"), refused.getMessage());
        assertThrows(TargetGuard.BlockedTarget.class,
                () -> strict.resolve("[::1]").await().atMost(Duration.ofSeconds(10)));
        assertThrows(TargetGuard.BlockedTarget.class,
                () -> strict.resolve("no-such-host.invalid").await().atMost(Duration.ofSeconds(10)));
        assertEquals("8.8.8.8", strict.resolve("8.8.8.8").await().atMost(Duration.ofSeconds(10)).getHostAddress());
    }

    @Test
    void literalUrlsAreRefusedWhenSaved() {
        assertTrue(strict.literalRefusal(URI.create("http://169.254.169.254/latest/meta-data")).isPresent());
        assertTrue(strict.literalRefusal(URI.create("http://[fd12::1]:80/")).isPresent());
        assertTrue(strict.literalRefusal(URI.create("https://example.com/")).isEmpty(), "names wait for delivery");
    }

    @Test
    void theAllowlistOpensOnlyItsRanges() throws Exception {
        TargetGuard dev = new TargetGuard(Optional.of(List.of("127.0.0.1/32")), VERTX);
        assertTrue(dev.refusal(InetAddress.getByName("127.0.0.1")).isEmpty());
        assertTrue(dev.refusal(InetAddress.getByName("127.0.0.2")).isPresent());
        assertTrue(dev.refusal(InetAddress.getByName("10.0.0.1")).isPresent());
        assertEquals("127.0.0.1", dev.resolve("127.0.0.1").await().atMost(Duration.ofSeconds(10))
                .getHostAddress());
    }
}
