package io.fieldline.ingest.datapoint;

import static io.fieldline.ingest.DatapointRecords.awaitStored;
import static io.fieldline.ingest.DatapointRecords.point;
import static io.fieldline.ingest.DatapointRecords.send;
import static io.fieldline.ingest.event.EventCallers.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.fieldline.ingest.event.EventCallers;
import io.fieldline.model.Datapoint;
import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.MintedIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Seed 000's datapoint queries (list, get, delete, latest, series) and Fieldline's aggregate, per tenant. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class DatapointQueryTest {

    private static final Duration STORED_WITHIN = Duration.ofSeconds(30);

    @Inject
    DataSource dataSource;

    @Test
    void listsNewestFirstPagedAndOnlyTheTenantsOwn() {
        // GIVEN three points of one tenant and one of another
        MintedIdentity viewer = EventCallers.newTenant(Role.VIEWER);
        MintedIdentity operator = EventCallers.of(viewer.tenant(), Role.OPERATOR);
        String event = EventCallers.create(operator, "Temp");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        send(viewer.tenant(), event, List.of(point(1, now.minusSeconds(30)), point(3, now.minusSeconds(10)),
                point(2, now.minusSeconds(20))));
        MintedIdentity stranger = EventCallers.newTenant(Role.OPERATOR);
        String theirs = EventCallers.create(stranger, "Temp");
        send(stranger.tenant(), theirs, List.of(point(9, now)));
        awaitStored(dataSource, viewer.tenant(), 3, STORED_WITHIN);
        awaitStored(dataSource, stranger.tenant(), 1, STORED_WITHIN);

        // WHEN the viewer lists them two per page, THEN newest first with the seed's fields and the total
        as(viewer).when().get("/api/v1/datapoints?page=1&page_size=2").then().statusCode(200)
                .body("page", equalTo(1)).body("page_size", equalTo(2)).body("total", equalTo(3))
                .body("data.value", contains(3.0f, 2.0f))
                .body("data[0].event_public_id", equalTo(event))
                .body("data[0].experiment_public_id", nullValue())
                .body("data[0].timestamp", equalTo(now.minusSeconds(10).toString()))
                .body("data[0].quality", equalTo("GOOD"));
        as(viewer).when().get("/api/v1/datapoints?page=2&page_size=2").then().statusCode(200)
                .body("data.value", contains(1.0f));
        // AND out-of-range paging is a 422
        as(viewer).when().get("/api/v1/datapoints?page_size=101").then().statusCode(422)
                .body("errors[0].loc", contains("query", "page_size"));
        as(viewer).when().get("/api/v1/datapoints?page=0").then().statusCode(422);
    }

    @Test
    void getsOneAndAnswers404ForUnknownOrOtherTenant() {
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = EventCallers.create(operator, "Level");
        Datapoint datapoint = point(42.5, Instant.now());
        send(operator.tenant(), event, List.of(datapoint));
        awaitStored(dataSource, operator.tenant(), 1, STORED_WITHIN);

        as(operator).when().get("/api/v1/datapoints/" + datapoint.id()).then().statusCode(200)
                .body("public_id", equalTo(datapoint.id())).body("value", equalTo(42.5f))
                .body("event_public_id", equalTo(event));
        MintedIdentity stranger = EventCallers.newTenant(Role.ADMIN);
        as(stranger).when().get("/api/v1/datapoints/" + datapoint.id()).then().statusCode(404)
                .body("detail", equalTo("Datapoint '" + datapoint.id() + "' not found."));
        as(operator).when().get("/api/v1/datapoints/nope").then().statusCode(404)
                .body("detail", equalTo("Datapoint 'nope' not found."));
        as(stranger).when().delete("/api/v1/datapoints/" + datapoint.id()).then().statusCode(404);
    }

    @Test
    void deleteNeedsOperatorAndKeepsLatestAndRollupRight() {
        // GIVEN two points in one minute, the later one being the latest, and one in the minute before
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        MintedIdentity viewer = EventCallers.of(operator.tenant(), Role.VIEWER);
        String event = EventCallers.create(operator, "Flow");
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.MINUTES);
        Datapoint earlier = point(1, minute.minusSeconds(30));
        Datapoint first = point(5, minute.plusSeconds(10));
        Datapoint last = point(50, minute.plusSeconds(20));
        send(operator.tenant(), event, List.of(first, earlier, last));
        awaitStored(dataSource, operator.tenant(), 3, STORED_WITHIN);

        // WHEN a viewer tries to delete, THEN 403
        as(viewer).when().delete("/api/v1/datapoints/" + last.id()).then().statusCode(403);
        // WHEN an operator deletes the latest point
        as(operator).when().delete("/api/v1/datapoints/" + last.id()).then().statusCode(200)
                .body("message", equalTo("Datapoint successfully deleted."));

        // THEN it is gone, the latest falls back to the other point and the minute's aggregate no longer counts it
        as(operator).when().get("/api/v1/datapoints/" + last.id()).then().statusCode(404);
        as(viewer).when().get("/api/v1/datapoints/latest").then().statusCode(200)
                .body("public_id", contains(first.id()));
        aggregate(viewer, event, minute, minute.plusSeconds(60), "1m")
                .body("data." + event + ".count", contains(1)).body("data." + event + ".max", contains(5));
        // AND deleting again is a 404
        as(operator).when().delete("/api/v1/datapoints/" + last.id()).then().statusCode(404);

        // WHEN the minute's other point is deleted too, THEN the latest is the last point of the minute before
        as(operator).when().delete("/api/v1/datapoints/" + first.id()).then().statusCode(200);
        as(viewer).when().get("/api/v1/datapoints/latest").then().statusCode(200)
                .body("public_id", contains(earlier.id())).body("value", contains(1.0f));
        aggregate(viewer, event, minute, minute.plusSeconds(60), "1m").body("data." + event, empty());
    }

    @Test
    void latestIsOnePerEventWithTheLastOfABatch() {
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        as(operator).when().get("/api/v1/datapoints/latest").then().statusCode(200).body("$", empty());
        String a = EventCallers.create(operator, "A");
        String b = EventCallers.create(operator, "B");
        Instant same = Instant.now();
        send(operator.tenant(), a, List.of(point(10, same), point(20, same)));
        send(operator.tenant(), b, List.of(point(7, same.minusSeconds(5))));
        awaitStored(dataSource, operator.tenant(), 3, STORED_WITHIN);

        as(operator).when().get("/api/v1/datapoints/latest").then().statusCode(200)
                .body("event_public_id", contains(a, b)).body("value", contains(20.0f, 7.0f));
        MintedIdentity stranger = EventCallers.newTenant(Role.OPERATOR);
        as(stranger).when().get("/api/v1/datapoints/latest").then().statusCode(200).body("$", empty());
    }

    @Test
    void seriesDownsamplesBySeedRuleKeepingFirstAndLatest() {
        // GIVEN 25 points in the window and one older than it
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = EventCallers.create(operator, "Speed");
        Instant start = Instant.now().minus(30, ChronoUnit.MINUTES);
        List<Datapoint> points = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            points.add(point(i, start.plusSeconds(i * 10L)));
        }
        points.add(point(-1, Instant.now().minus(3, ChronoUnit.HOURS)));
        send(operator.tenant(), event, points);
        awaitStored(dataSource, operator.tenant(), 26, STORED_WITHIN);
        String unknown = "00000000-0000-4000-8000-000000000001";

        // WHEN asking for at most 10 points of the last hour
        // THEN step = 25/10 = 2.5: indexes floor(i*2.5) for i = 0..8, then the last (24)
        as(operator).body(Map.of("event_public_ids", List.of(event, unknown), "minutes", 60, "max_points", 10))
                .when().post("/api/v1/datapoints/series").then().statusCode(200)
                .body(event + ".value", contains(0.0f, 2.0f, 5.0f, 7.0f, 10.0f, 12.0f, 15.0f, 17.0f, 20.0f, 24.0f))
                .body("$", hasKey(unknown)).body(unknown, empty());
        // AND with room for all of them, all 25 in ascending order (the 3-hour-old one is outside the window)
        as(operator).body(Map.of("event_public_ids", List.of(event)))
                .when().post("/api/v1/datapoints/series").then().statusCode(200)
                .body(event, hasSize(25)).body(event + "[0].value", equalTo(0.0f));
        // AND another tenant sees an empty series for the same id
        as(EventCallers.newTenant(Role.VIEWER)).body(Map.of("event_public_ids", List.of(event)))
                .when().post("/api/v1/datapoints/series").then().statusCode(200).body(event, empty());
    }

    @Test
    void seriesLimitsAre422() {
        MintedIdentity viewer = EventCallers.newTenant(Role.VIEWER);
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("e" + i);
        }
        series422(viewer, Map.of("event_public_ids", List.of()), "event_public_ids");
        series422(viewer, Map.of("event_public_ids", many), "event_public_ids");
        series422(viewer, Map.of("event_public_ids", List.of("a"), "minutes", 0), "minutes");
        series422(viewer, Map.of("event_public_ids", List.of("a"), "minutes", 14401), "minutes");
        series422(viewer, Map.of("event_public_ids", List.of("a"), "max_points", 9), "max_points");
        series422(viewer, Map.of("event_public_ids", List.of("a"), "max_points", 2001), "max_points");
        series422(viewer, Map.of("minutes", 5), "event_public_ids");
    }

    @Test
    void aggregatesFromRollupsPerInterval() {
        // GIVEN points in two minutes of one hour
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String event = EventCallers.create(operator, "Power");
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
        send(operator.tenant(), event, List.of(point(1, hour.plusSeconds(5)), point(3, hour.plusSeconds(50)),
                point(10, hour.plusSeconds(65))));
        awaitStored(dataSource, operator.tenant(), 3, STORED_WITHIN);

        // WHEN aggregated per minute and per hour
        aggregate(operator, event, hour, hour.plusSeconds(3600), "1m").statusCode(200)
                .body("interval", equalTo("1m"))
                .body("data." + event + ".bucket", contains(hour.toString(), hour.plusSeconds(60).toString()))
                .body("data." + event + ".avg", contains(2, 10))
                .body("data." + event + ".count", contains(2, 1));
        as(operator).when().get("/api/v1/datapoints/aggregate?event_public_ids=" + event + "&from=" + hour
                + "&to=" + hour.plusSeconds(7200) + "&interval=1h&fn=sum,count").then().statusCode(200)
                .body("fn", contains("sum", "count"))
                .body("data." + event + "[0].sum", equalTo(14)).body("data." + event + "[0].count", equalTo(3))
                .body("data." + event + "[0].min", nullValue());
        // AND another tenant gets an empty series for that id
        aggregate(EventCallers.newTenant(Role.VIEWER), event, hour, hour.plusSeconds(3600), "1d").statusCode(200)
                .body("data." + event, empty());
    }

    @Test
    void aggregateParametersAreValidated() {
        MintedIdentity viewer = EventCallers.newTenant(Role.VIEWER);
        String base = "/api/v1/datapoints/aggregate?";
        aggregate422(viewer, base + "interval=1m", "event_public_ids");
        aggregate422(viewer, base + "event_public_ids=a&interval=5m", "interval");
        aggregate422(viewer, base + "event_public_ids=a&fn=median", "fn");
        aggregate422(viewer, base + "event_public_ids=a&from=yesterday", "from");
        aggregate422(viewer, base + "event_public_ids=a&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "from");
        aggregate422(viewer, base + "event_public_ids=a&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&interval=1m",
                "interval");
        as(viewer).when().get(base + "event_public_ids=a&from=2026-01-01T00:00:00Z&to=2026-01-31T00:00:00Z"
                + "&interval=1m").then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse aggregate(MintedIdentity caller, String event,
            Instant from, Instant to, String interval) {
        return as(caller).when().get("/api/v1/datapoints/aggregate?event_public_ids=" + event + "&from=" + from
                + "&to=" + to + "&interval=" + interval).then();
    }

    private static void aggregate422(MintedIdentity caller, String path, String parameter) {
        as(caller).when().get(path).then().statusCode(422).body("code", equalTo("validation_error"))
                .body("errors.loc", org.hamcrest.Matchers.hasItem(List.of("query", parameter)));
    }

    private static void series422(MintedIdentity caller, Map<String, Object> body, String field) {
        var errors = as(caller).body(body).when().post("/api/v1/datapoints/series").then().statusCode(422)
                .extract().jsonPath().getList("errors.loc");
        assertEquals(true, errors.stream().anyMatch(loc -> loc.toString().contains(field)), "errors " + errors);
    }
}
