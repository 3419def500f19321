package io.fieldline.webhook;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.DatapointsReceived;
import io.fieldline.model.IncidentTransitioned;
import io.fieldline.model.ModelJson;
import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import io.fieldline.model.Topic;
import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.MintedIdentity;
import io.fieldline.testsupport.Tokens;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test helpers: callers, subscriptions through the API, source records on Kafka, waiting for deliveries. */
public final class Webhooks {

    private static final Tokens TOKENS = Tokens.forTests();
    private static final ObjectMapper JSON = ModelJson.newMapper();
    private static KafkaProducer<String, String> producer;

    private Webhooks() {
    }

    /** An admin of a new random tenant. */
    public static MintedIdentity newAdmin() {
        return TOKENS.internal(Tokens.randomTenant(), Role.ADMIN);
    }

    public static MintedIdentity caller(TenantId tenant, Role role) {
        return TOKENS.internal(tenant, role);
    }

    public static RequestSpecification as(MintedIdentity caller) {
        return given().header("Authorization", caller.bearer()).contentType("application/json");
    }

    /** Creates a subscription with a known secret; returns its public id. */
    public static String subscribe(MintedIdentity admin, String url, String secret, String... events) {
        String body = "{\"url\":\"" + url + "\",\"secret\":\"" + secret + "\",\"events\":"
                + json(List.of(events)) + "}";
        return as(admin).body(body).post("/api/v1/webhooks").then().statusCode(201).extract().path("public_id");
    }

    /** A fresh Standard Webhooks secret for tests. */
    public static String secret() {
        byte[] key = new byte[24];
        new java.security.SecureRandom().nextBytes(key);
        return "whsec_" + java.util.Base64.getEncoder().encodeToString(key);
    }

    public static void publish(IncidentTransitioned incident) {
        send(Topic.INCIDENTS, incident.key(), incident);
    }

    public static void publish(ActivityOccurred activity) {
        send(Topic.ACTIVITY, activity.key(), activity);
    }

    public static void publish(DatapointsReceived batch) {
        send(Topic.DATAPOINTS, batch.key(), batch);
    }

    /** Sends the incident without waiting for Kafka's acknowledgement (see {@link #awaitSent}). */
    public static Future<RecordMetadata> publishAsync(IncidentTransitioned incident) {
        return sendAsync(Topic.INCIDENTS, incident.key(), incident);
    }

    /** Waits until Kafka acknowledged every send. */
    public static void awaitSent(List<Future<RecordMetadata>> sent) {
        sent.forEach(Webhooks::await);
    }

    private static void send(Topic topic, String key, Object value) {
        await(sendAsync(topic, key, value));
    }

    private static synchronized Future<RecordMetadata> sendAsync(Topic topic, String key, Object value) {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaResource.bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        try {
            return producer.send(new ProducerRecord<>(topic.topicName(), key, JSON.writeValueAsString(value)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(Future<RecordMetadata> sent) {
        try {
            sent.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the subscription's deliveries (newest first) satisfy the condition; returns the page body. */
    public static JsonPath awaitDeliveries(MintedIdentity admin, String webhookId, Duration deadline,
            java.util.function.Predicate<JsonPath> done) {
        return Await.until("deliveries of " + webhookId, deadline,
                () -> as(admin).get("/api/v1/webhooks/" + webhookId + "/deliveries").then().statusCode(200)
                        .extract().jsonPath(),
                done);
    }

    /** Waits until the receiver got {@code count} requests on the path. */
    public static List<Receiver.Received> awaitReceived(Receiver receiver, String path, int count,
            Duration deadline) {
        return Await.until(count + " requests on " + path, deadline, () -> receiver.on(path),
                got -> got.size() >= count);
    }

    public static Instant now() {
        return Instant.now();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
