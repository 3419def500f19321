package io.fieldline.ingest.intake;

import static io.fieldline.ingest.event.EventCallers.as;
import static io.fieldline.ingest.event.EventCallers.create;
import static io.fieldline.ingest.intake.DatapointIntakeTest.item;
import static io.fieldline.ingest.intake.IntakeRecords.value;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import io.fieldline.ingest.DatapointRecords;
import io.fieldline.ingest.event.EventCallers;
import io.fieldline.ingest.intake.store.IntakeCache;
import io.fieldline.ingest.intake.store.IntakeLookup;
import io.fieldline.model.Role;
import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.MintedIdentity;
import io.fieldline.testsupport.SilentChanges;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The intake remembers a tenant's events and running experiment instead of querying them for every request, and
 * forgets them when PostgreSQL notifies a change. Changes through the API are seen by the very next datapoint; a
 * change made elsewhere is seen once its notification arrives, which the tests prove by making one with the notifying
 * trigger switched off (only the cache can explain the old answer) and then notifying by hand.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class IntakeCacheTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    IntakeCache cache;
    @Inject
    IntakeLookup lookup;
    @Inject
    DataSource dataSource;

    @BeforeEach
    void listening() {
        Await.until("the intake listens for changes", WAIT, cache::listening);
    }

    @Test
    void aTenantsEventsAreQueriedOnceThenRemembered() {
        // GIVEN an event that received one datapoint
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = create(operator, "Flow");
        accepted(operator, event, 1);

        // WHEN more datapoints of it arrive THEN none of them queries the database
        long queries = lookup.queries();
        for (int i = 2; i <= 5; i++) {
            accepted(operator, event, i);
        }
        assertEquals(queries, lookup.queries());

        // AND an id the tenant does not have is still looked up, and refused
        as(operator).body(item(UUID.randomUUID().toString(), "6")).when().post("/api/v1/datapoints")
                .then().statusCode(404);
        assertEquals(queries + 1, lookup.queries());
    }

    @Test
    void startingAndStoppingAnExperimentTagsTheVeryNextDatapoint() {
        // GIVEN an event whose datapoints are remembered as untagged
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = create(operator, "Pressure");
        accepted(operator, event, 1);

        // WHEN an experiment starts THEN the next datapoint carries it; once it stopped, the next does not
        String experiment = as(operator).body("{\"name\":\"Run\"}").when().post("/api/v1/experiments").then()
                .statusCode(201).extract().path("public_id");
        accepted(operator, event, 2);
        as(operator).when().put("/api/v1/experiments/" + experiment + "/stop").then().statusCode(200);
        accepted(operator, event, 3);

        assertEquals("null", tagOf(operator, 1));
        assertEquals(experiment, tagOf(operator, 2));
        assertEquals("null", tagOf(operator, 3));
    }

    @Test
    void aDeletedEventsDatapointsAreRefusedAtOnce() {
        // GIVEN an event that is remembered
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = create(operator, "Doomed");
        accepted(operator, event, 1);

        // WHEN it is deleted THEN the very next datapoint of it is refused
        as(operator).when().delete("/api/v1/events/" + event).then().statusCode(200);
        as(operator).body(item(event, "2")).when().post("/api/v1/datapoints").then().statusCode(404)
                .body("detail", equalTo("Event not found."));
    }

    @Test
    void aChangeMadeElsewhereIsSeenOnceItsNotificationArrives() {
        // GIVEN an event that is remembered as untagged
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = create(operator, "Level");
        accepted(operator, event, 1);

        // WHEN another replica starts an experiment, whose notification has not arrived yet
        String experiment = UUID.randomUUID().toString();
        silently("INSERT INTO experiment (public_id, tenant_id, name) VALUES (?, ?, 'Elsewhere')", experiment,
                operator.tenant().value());
        // THEN what was remembered still answers
        accepted(operator, event, 2);
        assertEquals("null", tagOf(operator, 2));

        // WHEN the notification arrives THEN the next datapoint carries the experiment
        long heard = cache.notifications();
        execute("SELECT pg_notify('fieldline_intake', '')");
        Await.until("the notification arrives", WAIT, () -> cache.notifications() > heard);
        accepted(operator, event, 3);
        assertEquals(experiment, tagOf(operator, 3));
    }

    @Test
    void whileNoConnectionListensEveryRequestQueriesTheDatabase() {
        // GIVEN an event that is remembered
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = create(operator, "Unheard");
        accepted(operator, event, 1);

        // WHEN the listening connection is lost
        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?",
                IntakeCache.APPLICATION_NAME);
        Await.until("the intake notices the lost connection", WAIT, () -> !cache.listening());

        // THEN datapoints are still accepted, each after a query: nothing is remembered meanwhile either
        long queries = lookup.queries();
        accepted(operator, event, 2);
        accepted(operator, event, 3);
        if (!cache.listening()) {
            assertEquals(queries + 2, lookup.queries(), "answered from a cache nobody keeps up to date");
        } else {
            // Reconnected within the two requests (a second at the earliest): the first still had to query.
            assertTrue(lookup.queries() > queries, "answered from a cache nobody keeps up to date");
        }
        Await.until("the intake listens again", WAIT, cache::listening);
    }

    @Test
    void aChangeAnswersOnceTheListenerAcknowledgedItsBarrierNotAfterTheTimeout() {
        // WHEN a change goes through the cache (echo-timeout 1 s: without acknowledgements it would take that long)
        long start = System.nanoTime();
        Integer answer = cache.written(Uni.createFrom().item(7)).await().atMost(WAIT);

        // THEN it answered once its listener (the only one) acknowledged the barrier
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(7, answer);
        assertTrue(millis < 500, "answered after " + millis + " ms");
    }

    private static void accepted(MintedIdentity operator, String event, int value) {
        as(operator).body(item(event, Integer.toString(value))).when().post("/api/v1/datapoints").then()
                .statusCode(201);
    }

    // The experiment_id of the tenant's datapoint with this value ("null" when untagged).
    private static String tagOf(MintedIdentity operator, int value) {
        JsonNode received = value(IntakeRecords.await(operator.tenant(),
                r -> r.at("/datapoints/0/value").asDouble() == value, 1, WAIT).get(0));
        return received.at("/datapoints/0/experiment_id").asText("null");
    }

    /** Runs a statement with experiment's notifying trigger switched off (in the same transaction). */
    private void silently(String sql, Object... parameters) {
        try {
            SilentChanges.run(dataSource.getConnection(), "experiment", sql, parameters);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void execute(String sql, String... parameters) {
        DatapointRecords.execute(dataSource, sql, parameters);
    }
}
