package io.fieldline.webhook.delivery.dispatch;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fieldline.webhook.WebhookConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * SSRF protection: a receiver's host is resolved and every address it resolves to must be public; the attempt then
 * connects to the checked address (so a second DNS answer cannot rebind it to an internal one). Blocked: loopback,
 * unspecified, private (RFC 1918), carrier-grade NAT, link-local (with the cloud metadata address 169.254.169.254),
 * multicast, broadcast and reserved IPv4, IPv6 unique-local (fc00::/7, with AWS's fd00:ec2::254) and site-local, and
 * the IPv6 forms that carry an IPv4 address a gateway may translate to an internal one (IPv4-compatible ::/96, NAT64,
 * Teredo 2001::/32, 6to4 2002::/16; IPv4-mapped addresses are read as IPv4).
 * {@code fieldline.webhook.allowed-private-targets} lets development and tests reach chosen ranges.
 */
@ApplicationScoped
public class TargetGuard {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final List<Cidr> BLOCKED = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
            "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4",
            "240.0.0.0/4", "::/96", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8", "64:ff9b::/96", "64:ff9b:1::/48",
            "100::/64", "2001::/32", "2002::/16")
            .stream().map(Cidr::parse).toList();

    private final List<Cidr> allowed;
    private final Vertx vertx;

    @Inject
    TargetGuard(WebhookConfig config, Vertx vertx) {
        this(config.allowedPrivateTargets(), vertx);
    }

    TargetGuard(Optional<List<String>> allowed, Vertx vertx) {
        this.allowed = allowed.orElse(List.of()).stream().filter(s -> !s.isBlank()).map(Cidr::parse).toList();
        this.vertx = vertx;
    }

    /** Why the address may not be a target, or empty when it may. */
    public Optional<String> refusal(InetAddress address) {
        if (allowed.stream().anyMatch(range -> range.contains(address))) {
            return Optional.empty();
        }
        boolean blocked = address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()
                || BLOCKED.stream().anyMatch(range -> range.contains(address));
        return blocked
                ? Optional.of("Target address " + address.getHostAddress() + " is not public")
                : Optional.empty();
    }

    /** For a URL whose host is an IP literal: why it may not be a target (checked when a subscription is saved). */
    public Optional<String> literalRefusal(URI url) {
        String host = bare(url.getHost());
        if (host == null || !isLiteral(host)) {
            return Optional.empty();
        }
        try {
            return refusal(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return Optional.of("Invalid address " + host);
        }
    }

    /**
     * Resolves the host and checks every address; emits the address to connect to, or fails with
     * {@link BlockedTarget} (or the resolver's error).
     */
    public Uni<InetAddress> resolve(String host) {
        String bare = bare(host);
        if (isLiteral(bare)) {
            return Uni.createFrom().item(() -> check(literal(bare)));
        }
        // InetAddress resolves with the system resolver (hosts file, search domains) and blocks: a worker thread.
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                return check(InetAddress.getAllByName(bare));
            } catch (UnknownHostException e) {
                throw new BlockedTarget("Cannot resolve host " + bare);
            }
        }), false);
    }

    private InetAddress check(InetAddress... addresses) {
        for (InetAddress address : addresses) {
            Optional<String> refusal = refusal(address);
            if (refusal.isPresent()) {
                throw new BlockedTarget(refusal.get());
            }
        }
        return addresses[0];
    }

    private static InetAddress literal(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new BlockedTarget("Invalid address " + host);
        }
    }

    static boolean isLiteral(String host) {
        return host != null && (host.indexOf(':') >= 0 || IPV4.matcher(host).matches());
    }

    private static String bare(String host) {
        return host != null && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1)
                : host;
    }

    /** The receiver's address may not be reached (or could not be resolved); the attempt fails without a request. */
    public static final class BlockedTarget extends RuntimeException {

        BlockedTarget(String message) {
            super(message, null, false, false);
        }
    }
}
