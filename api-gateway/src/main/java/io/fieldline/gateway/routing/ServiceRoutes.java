package io.fieldline.gateway.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.gateway.config.GatewayConfig;

/**
 * Which service owns which {@code /api/v1/<prefix>} (DESIGN.md §4). Prefixes not listed here are served by the
 * gateway itself.
 */
@ApplicationScoped
public class ServiceRoutes {

    /** The public base path. */
    public static final String API_BASE = "/api/v1/";

    private final Map<String, ServiceRoute> byPrefix = new LinkedHashMap<>();
    private final List<ServiceRoute> services;

    ServiceRoutes(GatewayConfig config) {
        ServiceRoute ingest = ServiceRoute.of("ingest-service", config.ingestUrl());
        ServiceRoute rules = ServiceRoute.of("rules-service", config.rulesUrl());
        ServiceRoute webhook = ServiceRoute.of("webhook-service", config.webhookUrl());
        ServiceRoute ota = ServiceRoute.of("ota-service", config.otaUrl());
        for (String prefix : List.of("events", "datapoints", "experiments", "plugins", "readings")) {
            byPrefix.put(prefix, ingest);
        }
        byPrefix.put("rules", rules);
        byPrefix.put("alarms", rules);
        byPrefix.put("webhooks", webhook);
        byPrefix.put("ota", ota);
        services = List.of(ingest, rules, webhook, ota);
    }

    /** The service owning a request path, if a service owns it. */
    public Optional<ServiceRoute> resolve(String path) {
        if (path == null || !path.startsWith(API_BASE)) {
            return Optional.empty();
        }
        int end = path.indexOf('/', API_BASE.length());
        String prefix = path.substring(API_BASE.length(), end < 0 ? path.length() : end);
        return Optional.ofNullable(byPrefix.get(prefix));
    }

    /** The regular expression matching every forwarded path, for the router. */
    public String pathRegex() {
        return "\\Q" + API_BASE + "\\E(" + String.join("|", byPrefix.keySet()) + ")(/.*)?";
    }

    /** The distinct backend services. */
    public List<ServiceRoute> services() {
        return services;
    }
}
