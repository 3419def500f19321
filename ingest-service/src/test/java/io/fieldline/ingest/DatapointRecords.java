package io.fieldline.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.model.Datapoint;
import io.fieldline.model.DatapointsReceived;
import io.fieldline.model.ModelJson;
import io.fieldline.model.Quality;
import io.fieldline.model.RecordHeaders;
import io.fieldline.model.TenantId;
import io.fieldline.model.Topic;
import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts {@link DatapointsReceived} records on {@code fieldline.datapoints.v1} as ingest's intake does (key, headers,
 * acks=all), and reads what the writer stored, for the storage and query tests.
 */
public final class DatapointRecords {

    private static final ObjectMapper JSON = ModelJson.newMapper();
    private static KafkaProducer<String, String> producer;

    private DatapointRecords() {
    }

    /** A datapoint with a fresh public id. */
    public static Datapoint point(double value, Instant timestamp) {
        return new Datapoint(UUID.randomUUID().toString(), value, timestamp, Quality.GOOD, null);
    }

    /** A datapoint of an experiment. */
    public static Datapoint point(double value, Instant timestamp, String experimentId) {
        return new Datapoint(UUID.randomUUID().toString(), value, timestamp, Quality.GOOD, experimentId);
    }

    /** Sends one record and waits for the acknowledgement. */
    public static void send(TenantId tenant, String eventId, List<Datapoint> points) {
        sendAll(List.of(new DatapointsReceived(tenant, eventId, points, Instant.now())));
    }

    /** Sends the records and waits until Kafka acknowledged all of them. */
    public static void sendAll(List<DatapointsReceived> records) {
        try {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (DatapointsReceived received : records) {
                ProducerRecord<String, String> record = new ProducerRecord<>(Topic.DATAPOINTS.topicName(),
                        received.key(), JSON.writeValueAsString(received));
                record.headers().add(RecordHeaders.TENANT_ID, received.tenantId().value().getBytes(UTF_8))
                        .add(RecordHeaders.CONTENT_TYPE, RecordHeaders.JSON.getBytes(UTF_8))
                        .add(RecordHeaders.SCHEMA_VERSION, "1".getBytes(UTF_8))
                        .add(RecordHeaders.CREATION_TIME, Instant.now().toString().getBytes(UTF_8));
                acks.add(producer().send(record));
            }
            for (var ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("Sending datapoint records failed", e);
        }
    }

    /** Rows stored for the tenant (straight from the table). */
    public static long stored(DataSource dataSource, TenantId tenant) {
        return count(dataSource, "SELECT count(*) FROM datapoint WHERE tenant_id = ?", tenant.value());
    }

    /** Waits until exactly {@code expected} rows of the tenant are stored, then checks no more arrive. */
    public static void awaitStored(DataSource dataSource, TenantId tenant, long expected, Duration within) {
        Await.until("stored " + expected + " datapoints", within, () -> stored(dataSource, tenant),
                count -> count >= expected);
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long count = stored(dataSource, tenant);
        if (count != expected) {
            throw new AssertionError("Expected exactly " + expected + " stored datapoints, found " + count);
        }
    }

    /** A single long from a query with one text parameter. */
    public static long count(DataSource dataSource, String sql, String parameter) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a statement with text parameters. */
    public static void execute(DataSource dataSource, String sql, String... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates a running experiment of the tenant straight in its table (the experiments API is not needed here). */
    public static String experiment(DataSource dataSource, TenantId tenant, String name) {
        String id = UUID.randomUUID().toString();
        execute(dataSource, "INSERT INTO experiment (public_id, tenant_id, name) VALUES (?, ?, ?)", id,
                tenant.value(), name);
        return id;
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaResource.bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }
}
