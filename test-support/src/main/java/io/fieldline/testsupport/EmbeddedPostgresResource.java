package io.fieldline.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource giving the datasource settings of one embedded PostgreSQL per JVM (or of the server named by
 * {@code PG_HOST}, {@code PG_PORT}, {@code PG_USER}, {@code PG_PASSWORD}, {@code PG_DB} when all are set).
 */
public final class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, Object> handle = handle();
        String address = handle.get(EmbeddedPostgresServer.HOST) + ":" + handle.get(EmbeddedPostgresServer.PORT) + "/"
                + handle.get(EmbeddedPostgresServer.DATABASE);
        return Map.of(
                "quarkus.datasource.username", (String) handle.get(EmbeddedPostgresServer.USER),
                "quarkus.datasource.password", (String) handle.get(EmbeddedPostgresServer.PASSWORD),
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + address,
                "quarkus.datasource.reactive.url", "postgresql://" + address);
    }

    @Override
    public void stop() {
        // Nothing: Quarkus stops and restarts test resources between profiles, the server lives until the JVM exits.
    }

    /** The shared server, so a test can stop and restart it to simulate an outage; null when external. */
    public static EmbeddedPostgresServer server() {
        Map<String, Object> handle = handle();
        return handle.containsKey(EmbeddedPostgresServer.STOP) ? EmbeddedPostgresServer.fromHandle(handle) : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> handle() {
        return (Map<String, Object>) JvmWide.call("postgres");
    }
}
