package io.fieldline.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The test resources share one server per JVM even when loaded twice, as Quarkus does once per test profile. */
class QuarkusResourcesTest {

    @Test
    void oneBrokerAndOneKeyPairAcrossClassLoaders() throws Exception {
        Map<String, String> kafkaConfig = new EmbeddedKafkaResource().start();
        String bootstrap = kafkaConfig.get("kafka.bootstrap.servers");
        assertEquals(bootstrap, EmbeddedKafkaResource.bootstrapServers());
        try (URLClassLoader isolated = isolatedLoader()) {
            Class<?> kafkaCopy = isolated.loadClass(EmbeddedKafkaResource.class.getName());
            assertNotSame(EmbeddedKafkaResource.class, kafkaCopy);
            assertEquals(kafkaConfig, kafkaCopy.getMethod("start").invoke(kafkaCopy.getConstructor().newInstance()));

            Class<?> identityCopy = isolated.loadClass(IdentityResource.class.getName());
            assertEquals(new IdentityResource().start(),
                    identityCopy.getMethod("start").invoke(identityCopy.getConstructor().newInstance()));

            // An outage driven from the other loader's copy stops the one broker.
            Object broker = kafkaCopy.getMethod("broker").invoke(null);
            assertNotNull(broker);
            broker.getClass().getMethod("stop").invoke(broker);
            assertThrows(ConnectException.class, () -> EmbeddedKafkaBrokerTest.connect(bootstrap));
            broker.getClass().getMethod("restart").invoke(broker);
        }
        KafkaRecords.createTopic(bootstrap, "shared");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>("shared", "k", "v")).get();
        }
        assertEquals(1, KafkaRecords.await(bootstrap, "shared", r -> true, 1, Duration.ofSeconds(20)).size());
        assertNotNull(EmbeddedKafkaResource.broker());
    }

    @Test
    void postgresResourceGivesWorkingDatasourceSettings() throws Exception {
        Map<String, String> config = new EmbeddedPostgresResource().start();
        EmbeddedPostgresServer server = EmbeddedPostgresResource.server();
        assertNotNull(server);
        assertEquals(server.jdbcUrl(), config.get("quarkus.datasource.jdbc.url"));
        assertEquals("postgresql://127.0.0.1:" + server.port() + "/fieldline",
                config.get("quarkus.datasource.reactive.url"));
        try (Connection c = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_database()")) {
            rs.next();
            assertEquals("fieldline", rs.getString(1));
        }
        assertEquals(config, new EmbeddedPostgresResource().start());
    }

    /** A loader that sees the same class path but shares nothing with this one but the JDK. */
    private static URLClassLoader isolatedLoader() throws MalformedURLException {
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        URL[] urls = new URL[entries.length];
        for (int i = 0; i < entries.length; i++) {
            urls[i] = Path.of(entries[i]).toUri().toURL();
        }
        return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    }
}
