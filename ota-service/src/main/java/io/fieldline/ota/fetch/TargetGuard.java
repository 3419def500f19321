package io.fieldline.ota.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Decides which resolved addresses a {@code download_url} may reach (SSRF protection; seed 000 has none). Always
 * blocked: unspecified, multicast, link-local (which holds the cloud metadata endpoints 169.254.169.254 and
 * fd00:ec2::254's neighbours), the carrier-grade NAT and benchmarking ranges. Blocked unless private targets are
 * allowed (tests and development only): loopback, RFC 1918 and IPv6 unique-local addresses.
 */
public final class TargetGuard {

    private final boolean allowPrivate;

    public TargetGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Why the address may not be reached, or null when it may. */
    public String refusal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isMulticastAddress() || address.isLinkLocalAddress()
                || isMetadata(address) || isSharedOrReserved(address)) {
            return "address " + address.getHostAddress() + " is not a public address";
        }
        if (!allowPrivate && (address.isLoopbackAddress() || address.isSiteLocalAddress() || isUniqueLocal(address))) {
            return "address " + address.getHostAddress() + " is private";
        }
        return null;
    }

    // 169.254.169.254 is link-local already; AWS's IPv6 endpoint fd00:ec2::254 is unique-local: keep it blocked even
    // when private targets are allowed.
    private static boolean isMetadata(InetAddress address) {
        byte[] b = address.getAddress();
        return address instanceof Inet6Address && (b[0] & 0xff) == 0xfd && b[1] == 0 && (b[2] & 0xff) == 0x0e
                && (b[3] & 0xff) == 0xc2;
    }

    private static boolean isUniqueLocal(InetAddress address) {
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
    }

    // 100.64.0.0/10 (carrier-grade NAT), 0.0.0.0/8, 198.18.0.0/15 (benchmarking), 240.0.0.0/4 (reserved).
    private static boolean isSharedOrReserved(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            return false;
        }
        int a = address.getAddress()[0] & 0xff;
        int b = address.getAddress()[1] & 0xff;
        return a == 0 || (a == 100 && b >= 64 && b < 128) || (a == 198 && (b == 18 || b == 19)) || a >= 240;
    }
}
