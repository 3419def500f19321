package io.fieldline.rules;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.model.Datapoint;
import io.fieldline.model.DatapointsReceived;
import io.fieldline.model.ModelJson;
import io.fieldline.model.Quality;
import io.fieldline.model.RecordKeys;
import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import io.fieldline.model.Topic;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.KafkaRecords;
import io.fieldline.testsupport.MintedIdentity;
import io.fieldline.testsupport.Tokens;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Callers, events, rules and datapoints for the rules-service tests. */
public final class Fixtures {

    private static final Tokens TOKENS = Tokens.forTests();
    private static final ObjectMapper JSON = ModelJson.newMapper();

    private Fixtures() {
    }

    /** A caller of a new random tenant. */
    public static MintedIdentity newTenant(Role role) {
        return TOKENS.internal(Tokens.randomTenant(), role);
    }

    /** Another caller of the same tenant. */
    public static MintedIdentity sameTenant(MintedIdentity other, Role role) {
        return TOKENS.internal(other.tenant(), role);
    }

    /** A JSON request with the caller's bearer token. */
    public static RequestSpecification as(MintedIdentity caller) {
        return given().header("Authorization", caller.bearer()).contentType("application/json");
    }

    /** A new event the ingest stub knows for the caller's tenant. */
    public static String newEvent(MintedIdentity caller) {
        String id = UUID.randomUUID().toString();
        StubIngestResource.addEvent(caller.tenant().value(), id);
        return id;
    }

    /** Creates a rule from the JSON body (expects 201) and returns its public id. */
    public static String createRule(MintedIdentity caller, String body) {
        return as(caller).body(body).when().post("/api/v1/rules").then().statusCode(201).extract().path("public_id");
    }

    /** A threshold rule body: {@code gt threshold}, webhook action, the given cooldown and extra fields. */
    public static String gtRule(String name, String event, double threshold, int cooldown, String extra) {
        return "{\"name\":\"" + name + "\",\"event_public_id\":\"" + event + "\",\"operator\":\"gt\",\"threshold\":"
                + threshold + ",\"action_type\":\"webhook\",\"cooldown_seconds\":" + cooldown
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    /** Produces one record with the datapoints, one second apart from {@code start}, and waits for the ack. */
    public static void send(TenantId tenant, String event, Instant start, double... values) {
        List<Datapoint> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new Datapoint(UUID.randomUUID().toString(), values[i], start.plusSeconds(i), Quality.GOOD,
                    null));
        }
        DatapointsReceived record = new DatapointsReceived(tenant, event, points, Instant.now());
        try {
            producer().send(new ProducerRecord<>(Topic.DATAPOINTS.topicName(), RecordKeys.datapoints(tenant, event),
                    JSON.writeValueAsString(record))).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot produce datapoints", e);
        }
    }

    /** Produces a raw value on the datapoints topic (for malformed-record tests). */
    public static void sendRaw(TenantId tenant, String event, String value) {
        sendRaw(tenant, event, value, Instant.now());
    }

    /** Produces a raw datapoints record stamped (Kafka timestamp) with the given time. */
    public static void sendRaw(TenantId tenant, String event, String value, Instant stamped) {
        try {
            producer().send(new ProducerRecord<>(Topic.DATAPOINTS.topicName(), null, stamped.toEpochMilli(),
                    RecordKeys.datapoints(tenant, event), value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot produce", e);
        }
    }

    /** The first {@code count} incident records of the rule, parsed. */
    public static List<JsonNode> incidentRecords(String ruleId, int count) {
        return KafkaRecords.await(EmbeddedKafkaResource.bootstrapServers(), Topic.INCIDENTS.topicName(),
                r -> r.key() != null && r.key().contains("/" + ruleId + "/"), count, Duration.ofSeconds(20))
                .stream().map(r -> {
                    try {
                        return JSON.readTree(r.value());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    /** The transitions of the rule's incident records on the topic after reading it for {@code wait}. */
    public static List<String> transitionsWithin(String ruleId, Duration wait) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaResource.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "count-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> transitions = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topic.INCIDENTS.topicName()));
            long end = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().contains("/" + ruleId + "/")) {
                        transitions.add(JSON.readTree(r.value()).get("transition").asText());
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return transitions;
    }

    private static KafkaProducer<String, String> producer;

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaResource.bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }
}
