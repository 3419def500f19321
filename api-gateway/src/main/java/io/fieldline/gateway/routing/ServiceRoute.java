package io.fieldline.gateway.routing;

import java.net.URI;

/** A backend service the gateway forwards to: its name (for errors and /health) and where it listens. */
public record ServiceRoute(String service, String host, int port) {

    /** A route to the service at the given base URL. */
    public static ServiceRoute of(String service, URI baseUrl) {
        int port = baseUrl.getPort() > 0 ? baseUrl.getPort() : ("https".equals(baseUrl.getScheme()) ? 443 : 80);
        return new ServiceRoute(service, baseUrl.getHost(), port);
    }
}
