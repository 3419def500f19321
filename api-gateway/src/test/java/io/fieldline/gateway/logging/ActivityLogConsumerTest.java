package io.fieldline.gateway.logging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fieldline.gateway.ActivityRecords;
import io.fieldline.gateway.TestAccounts;
import io.fieldline.gateway.TestAccounts.Account;
import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.ActivityTypes;
import io.fieldline.model.ModelJson;
import io.fieldline.model.Role;
import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class ActivityLogConsumerTest {

    @Test
    void experimentStartAndStopBecomeLogEntriesOnceEvenWhenRedelivered() throws Exception {
        // GIVEN a tenant, another tenant, and an experiment's activity records
        Account viewer = TestAccounts.newTenantWith(Role.VIEWER);
        Account other = TestAccounts.newTenantWith(Role.VIEWER);
        Instant start = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        ActivityOccurred started = new ActivityOccurred(viewer.tenant(), ActivityTypes.EXPERIMENT_STARTED, "exp-1",
                viewer.userPublicId(), Map.of("name", "Run 7"), start);
        ActivityOccurred stopped = new ActivityOccurred(viewer.tenant(), ActivityTypes.EXPERIMENT_STOPPED, "exp-1",
                viewer.userPublicId(), Map.of("name", "Run 7"), start.plusSeconds(30));
        ActivityOccurred unrelated = new ActivityOccurred(viewer.tenant(), ActivityTypes.EVENT_DELETED, "exp-1",
                null, Map.of(), start.plusSeconds(10));

        // WHEN the start is delivered twice, with an unrelated and an unreadable record in between, then the stop
        ActivityRecords.send(List.of(
                record(started), record(started), record(unrelated),
                new String[]{ started.key(), "not an activity" },
                record(stopped)));

        // THEN the tenant's log has one entry for each, newest first, and the other tenant's log none
        Await.until("the stop entry", Duration.ofSeconds(20), () -> given()
                .header("Authorization", viewer.bearer()).get("/api/v1/logging").jsonPath()
                .getList("data.content").contains("Experiment 'Run 7' stopped."));
        given().header("Authorization", viewer.bearer()).get("/api/v1/logging").then().statusCode(200)
                .body("total", equalTo(2))
                .body("data.content", contains("Experiment 'Run 7' stopped.", "Experiment 'Run 7' started."))
                .body("data.logging_type", contains("info", "info"))
                .body("data.status_type", contains("unread", "unread"))
                .body("data.user_public_id", contains(viewer.userPublicId(), viewer.userPublicId()))
                .body("data[1].created_on", equalTo(start.toString()));
        given().header("Authorization", other.bearer()).get("/api/v1/logging").then().body("total", equalTo(0));

        // AND the same records delivered again (a consumer restarting from older offsets) change nothing
        ActivityRecords.send(List.of(record(started), record(stopped)));
        ActivityOccurred marker = new ActivityOccurred(viewer.tenant(), ActivityTypes.EXPERIMENT_STARTED, "exp-1",
                null, Map.of(), start.plusSeconds(60));
        ActivityRecords.send(List.<String[]>of(record(marker)));
        Await.until("the marker entry (no name: the subject)", Duration.ofSeconds(20), () -> given()
                .header("Authorization", viewer.bearer()).get("/api/v1/logging").jsonPath()
                .getList("data.content").contains("Experiment 'exp-1' started."));
        given().header("Authorization", viewer.bearer()).get("/api/v1/logging").then().body("total", equalTo(3));
    }

    private static String[] record(ActivityOccurred activity) throws JsonProcessingException {
        return new String[]{ activity.key(), ModelJson.newMapper().writeValueAsString(activity) };
    }
}
