package io.fieldline.gateway.protection;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * Decides the client's IP address once per request and keeps it in the routing context: the socket peer, or, when
 * that peer is a trusted proxy ({@code fieldline.protection.trusted-proxies}), the first address in
 * {@code X-Forwarded-For} that is not a trusted proxy, walking from the right. Left-hand entries are what the client
 * itself sent and are never believed.
 */
@ApplicationScoped
public class ClientAddress {

    /** The routing-context key under which the client address (a string such as {@code 203.0.113.7}) is kept. */
    public static final String KEY = "fieldline.clientAddress";

    // After RequestIds and SecurityHeaders, before CORS, rate limits and authentication, which all use it.
    private static final int PRIORITY = 98_000;
    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<Cidr> trustedProxies;

    ClientAddress(ProtectionConfig config) {
        this.trustedProxies = config.trustedProxies().orElse(List.of()).stream().map(Cidr::parse).toList();
    }

    void register(@Observes Filters filters) {
        filters.register(this::remember, PRIORITY);
    }

    private void remember(RoutingContext ctx) {
        ctx.put(KEY, resolve(peer(ctx), ctx.request().headers().getAll(FORWARDED_FOR), trustedProxies));
        ctx.next();
    }

    /** The client address of the request, as decided for it (the socket peer if the filter has not run). */
    public static String of(RoutingContext ctx) {
        String known = ctx.get(KEY);
        return known != null ? known : peer(ctx);
    }

    /** The client address given the socket peer, the X-Forwarded-For header values and the trusted proxy ranges. */
    static String resolve(String peer, List<String> forwardedFor, List<Cidr> trusted) {
        if (trusted.isEmpty() || forwardedFor.isEmpty() || !isTrusted(Cidr.bytes(peer), trusted)) {
            return peer;
        }
        String client = peer;
        List<String> hops = forwardedFor.stream().flatMap(value -> List.of(value.split(",")).stream())
                .map(String::trim).filter(hop -> !hop.isEmpty()).toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] hop = Cidr.bytes(hops.get(i));
            if (hop == null) {
                // Garbage from a proxy we trust: keep the last address we could vouch for.
                return client;
            }
            client = hops.get(i);
            if (!isTrusted(hop, trusted)) {
                return client;
            }
        }
        return client;
    }

    private static boolean isTrusted(byte[] address, List<Cidr> trusted) {
        return address != null && trusted.stream().anyMatch(range -> range.contains(address));
    }

    private static String peer(RoutingContext ctx) {
        SocketAddress remote = ctx.request().remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }
}
