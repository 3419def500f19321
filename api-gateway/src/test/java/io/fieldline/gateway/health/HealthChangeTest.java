package io.fieldline.gateway.health;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.gateway.ActivityRecords;
import io.fieldline.gateway.StubServicesResource;
import io.fieldline.gateway.TestAccounts;
import io.fieldline.gateway.TestAccounts.Account;
import io.fieldline.gateway.TestQueries;
import io.fieldline.model.ActivityTypes;
import io.fieldline.model.RecordHeaders;
import io.fieldline.model.Role;
import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
@QuarkusTestResource(StubServicesResource.class)
class HealthChangeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SETTLE = Duration.ofSeconds(2);

    @Test
    void eachChangeIsAnnouncedOnceToEveryActiveTenant() throws Exception {
        // GIVEN an active tenant, and the platform degraded (the rules-service stand-in is down)
        Account member = TestAccounts.newTenantWith(Role.VIEWER);
        String stub = ConfigProvider.getConfig().getValue("fieldline.gateway.ingest-url", String.class);
        awaitStored("degraded");
        try {
            // WHEN rules-service comes up while another replica holds the state row
            try (Connection otherReplica = TestQueries.connect(); Statement lock = otherReplica.createStatement()) {
                otherReplica.setAutoCommit(false);
                lock.execute("SELECT status FROM platform_health WHERE id = 1 FOR UPDATE");
                StubServicesResource.setRulesUp(stub, true);
                Await.until("/health ok", Duration.ofSeconds(10),
                        () -> "ok".equals(given().get("/health").jsonPath().getString("status")));
                // THEN nothing is announced while that replica holds the row
                assertEquals(0, announcements(member, "ok", Duration.ofSeconds(1)).size());
                otherReplica.rollback();
            }
            // AND once it is released, exactly one record tells the tenant, with the platform's state
            awaitStored("ok");
            List<ConsumerRecord<String, String>> up = announcements(member, "ok", SETTLE);
            assertEquals(1, up.size(), "records announcing ok: " + up);
            ConsumerRecord<String, String> record = up.get(0);
            assertEquals(member.tenant().value() + "/" + HealthChangeEmitter.SUBJECT, record.key());
            assertEquals(member.tenant().value(), header(record, RecordHeaders.TENANT_ID));
            JsonNode value = JSON.readTree(record.value());
            assertEquals("degraded", value.path("data").path("previous_status").asText());
            assertEquals("UP", value.path("data").path("services").path("rules-service").asText());
            assertEquals("ok", value.path("data").path("database").asText());

            // WHEN rules-service goes down again, THEN exactly one record says degraded
            StubServicesResource.setRulesUp(stub, false);
            awaitStored("degraded");
            List<ConsumerRecord<String, String>> down = announcements(member, "degraded", SETTLE);
            assertEquals(1, down.size(), "records announcing degraded: " + down);
            assertEquals("DOWN", JSON.readTree(down.get(0).value()).path("data").path("services")
                    .path("rules-service").asText());
        } finally {
            StubServicesResource.setRulesUp(stub, false);
        }
    }

    private static void awaitStored(String status) {
        Await.until("platform_health " + status, Duration.ofSeconds(15),
                () -> status.equals(TestQueries.text("SELECT status FROM platform_health WHERE id = 1")));
    }

    private static List<ConsumerRecord<String, String>> announcements(Account member, String status,
            Duration during) {
        Predicate<ConsumerRecord<String, String>> match = record -> {
            try {
                JsonNode value = JSON.readTree(record.value());
                return member.tenant().value().equals(value.path("tenant_id").asText())
                        && ActivityTypes.SYSTEM_HEALTH_CHANGED.equals(value.path("type").asText())
                        && status.equals(value.path("data").path("status").asText());
            } catch (Exception e) {
                return false;
            }
        };
        return ActivityRecords.readAll(match, during);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
