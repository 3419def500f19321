package io.fieldline.deploy;

import java.nio.file.Path;

/** The five Fieldline services the dev stack starts, with their default port offsets from the port base. */
public enum Service {

    API_GATEWAY("api-gateway", 0, null), INGEST("ingest-service", 1, "FIELDLINE_GATEWAY_INGEST_URL"), RULES(
            "rules-service", 2, "FIELDLINE_GATEWAY_RULES_URL"), WEBHOOK("webhook-service", 3,
                    "FIELDLINE_GATEWAY_WEBHOOK_URL"), OTA("ota-service", 4, "FIELDLINE_GATEWAY_OTA_URL");

    private final String moduleName;
    private final int portOffset;
    private final String gatewayUrlVariable;

    Service(String moduleName, int portOffset, String gatewayUrlVariable) {
        this.moduleName = moduleName;
        this.portOffset = portOffset;
        this.gatewayUrlVariable = gatewayUrlVariable;
    }

    /** The Maven module and application name, e.g. {@code ingest-service}. */
    public String moduleName() {
        return moduleName;
    }

    /** The port offset from the port base (gateway 0, ingest 1, rules 2, webhook 3, ota 4). */
    public int portOffset() {
        return portOffset;
    }

    /** The gateway's environment variable naming where this service listens; null for the gateway itself. */
    public String gatewayUrlVariable() {
        return gatewayUrlVariable;
    }

    /** Whether this is a backend service (routed to by the gateway). */
    public boolean isBackend() {
        return gatewayUrlVariable != null;
    }

    /** The packaged fast-jar of this service in the given repository checkout. */
    public Path jar(Path repoRoot) {
        return repoRoot.resolve(moduleName).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
