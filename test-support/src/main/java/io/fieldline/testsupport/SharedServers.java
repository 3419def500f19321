package io.fieldline.testsupport;

import java.nio.file.Path;
import java.util.Map;

/**
 * The JVM-wide broker, database and test keys behind the Quarkus test resources. Always reached through
 * {@link JvmWide}, so only the system class loader's copy of this class holds them.
 */
final class SharedServers {

    private static Map<String, Object> kafka;
    private static Map<String, Object> postgres;
    private static Path identityDir;

    private SharedServers() {
    }

    /** The broker's handle, or only its bootstrap servers when {@code KAFKA_BOOTSTRAP_SERVERS} is set. */
    static synchronized Map<String, Object> kafka() {
        if (kafka == null) {
            String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            if (external != null && !external.isBlank()) {
                kafka = Map.of(EmbeddedKafkaBroker.BOOTSTRAP, external.trim());
            } else {
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, 0, null);
                onExit("fieldline-kafka-stop", broker::close);
                kafka = broker.handle();
            }
        }
        return kafka;
    }

    /** The handle of the server, or only its coordinates when {@code PG_HOST}, … {@code PG_DB} are all set. */
    static synchronized Map<String, Object> postgres() {
        if (postgres == null) {
            Map<String, String> env = System.getenv();
            String host = env.get("PG_HOST");
            String port = env.get("PG_PORT");
            String user = env.get("PG_USER");
            String password = env.get("PG_PASSWORD");
            String db = env.get("PG_DB");
            if (host != null && port != null && user != null && password != null && db != null) {
                postgres = Map.of(EmbeddedPostgresServer.HOST, host, EmbeddedPostgresServer.PORT,
                        Integer.parseInt(port.trim()), EmbeddedPostgresServer.USER, user,
                        EmbeddedPostgresServer.PASSWORD, password, EmbeddedPostgresServer.DATABASE, db);
            } else {
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start(null, 0);
                onExit("fieldline-postgres-stop", server::close);
                postgres = server.handle();
            }
        }
        return postgres;
    }

    /** The temp directory holding the one test key pair of this JVM, as a string. */
    static synchronized String identityDir() {
        if (identityDir == null) {
            Path dir = Directories.createTemp("fieldline-identity-");
            IdentityKeys.loadOrCreate(dir);
            onExit("fieldline-identity-delete", () -> Directories.deleteQuietly(dir));
            identityDir = dir;
        }
        return identityDir.toString();
    }

    private static void onExit(String name, Runnable action) {
        Runtime.getRuntime().addShutdownHook(new Thread(action, name));
    }
}
