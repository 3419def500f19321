package io.fieldline.gateway.routing;

import java.util.Locale;
import java.util.Set;

import io.vertx.core.MultiMap;

/** Which headers cross the gateway, in each direction. */
final class ForwardedHeaders {

    // Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are never forwarded.
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "proxy-connection");
    // Set by the gateway itself; a client's values must not pass through.
    private static final Set<String> GATEWAY_OWNED = Set.of("host", "authorization", "content-length",
            "x-request-id", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "forwarded", "cookie");

    private ForwardedHeaders() {
    }

    /** Copies the client's end-to-end headers to the service request. */
    static void copyRequest(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !GATEWAY_OWNED.contains(name)) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    /** Copies the service's end-to-end headers to the client response (the gateway's request id stays). */
    static void copyResponse(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !"x-request-id".equals(name)) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }
}
