package io.fieldline.ingest.export;

import static io.fieldline.ingest.DatapointRecords.awaitStored;
import static io.fieldline.ingest.DatapointRecords.experiment;
import static io.fieldline.ingest.DatapointRecords.point;
import static io.fieldline.ingest.DatapointRecords.send;
import static io.fieldline.ingest.event.EventCallers.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.fieldline.ingest.event.EventCallers;
import io.fieldline.ingest.export.service.CsvFormat;
import io.fieldline.model.Datapoint;
import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.MintedIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Seed 000's CSV export of an experiment: header, CRLF, ISO timestamps, file name, 404s. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class ExperimentExportTest {

    @Inject
    DataSource dataSource;

    @Test
    void exportsTheExperimentsPointsInTimestampOrder() {
        // GIVEN an experiment with two tagged points (sent out of order), and an untagged one
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        MintedIdentity viewer = EventCallers.of(operator.tenant(), Role.VIEWER);
        String event = EventCallers.create(operator, "Inlet, hot");
        String experiment = experiment(dataSource, operator.tenant(), "Run 7/b");
        Instant t1 = Instant.parse("2026-11-20T10:00:00.123456Z");
        Instant t2 = Instant.parse("2026-11-20T10:00:01Z");
        Datapoint second = point(21.5, t2, experiment);
        Datapoint first = point(1e-5, t1, experiment);
        send(operator.tenant(), event, List.of(second, first, point(3, t2)));
        awaitStored(dataSource, operator.tenant(), 3, Duration.ofSeconds(30));

        // WHEN a viewer exports it
        String body = as(viewer).when().get("/api/v1/experiments/" + experiment + "/export/csv").then()
                .statusCode(200)
                .header("Content-Type", startsWith("text/csv"))
                .header("Content-Disposition", equalTo("attachment; filename=\"experiment_Run_7-b_"
                        + experiment.substring(0, 8) + ".csv\""))
                .extract().asString();

        // THEN the header, then its points by timestamp, CRLF-terminated, quoted only where needed
        assertEquals(CsvFormat.HEADER
                + "2026-11-20T10:00:00.123456+00:00,\"Inlet, hot\"," + event + ",1e-05,°C," + first.id() + "\r\n"
                + "2026-11-20T10:00:01+00:00,\"Inlet, hot\"," + event + ",21.5,°C," + second.id() + "\r\n", body);
    }

    @Test
    void emptyExperimentIsHeaderOnlyAndUnknownOrForeignIs404() {
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String experiment = experiment(dataSource, operator.tenant(), "Empty");
        String body = as(operator).when().get("/api/v1/experiments/" + experiment + "/export/csv").then()
                .statusCode(200).extract().asString();
        assertEquals("timestamp,event_name,event_public_id,value,unit,datapoint_public_id\r\n", body);

        as(EventCallers.newTenant(Role.ADMIN)).when().get("/api/v1/experiments/" + experiment + "/export/csv")
                .then().statusCode(404).body("detail", equalTo("Experiment '" + experiment + "' not found."));
        as(operator).when().get("/api/v1/experiments/00000000-0000-4000-8000-000000000000/export/csv")
                .then().statusCode(404);
    }

    @Test
    void formatsNumbersAsPython() {
        assertEquals("20.0", CsvFormat.number(20));
        assertEquals("0.1", CsvFormat.number(0.1));
        assertEquals("12345678.9", CsvFormat.number(12345678.9));
        assertEquals("1e+16", CsvFormat.number(1e16));
        assertEquals("1.5e-05", CsvFormat.number(1.5e-5));
        assertEquals("-0.0001", CsvFormat.number(-1e-4));
        assertEquals("2026-01-01T00:00:00+00:00", CsvFormat.timestamp(Instant.parse("2026-01-01T00:00:00Z")));
    }
}
