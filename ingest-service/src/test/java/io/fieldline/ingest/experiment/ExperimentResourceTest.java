package io.fieldline.ingest.experiment;

import static io.fieldline.ingest.event.EventCallers.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.fieldline.ingest.event.EventCallers;
import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.MintedIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Experiments CRUD as seed 000: paths, messages, 404s, roles, validation, tenancy. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class ExperimentResourceTest {

    static String start(MintedIdentity caller, String name) {
        return as(caller).body("{\"name\":\"" + name + "\"}").when().post("/api/v1/experiments")
                .then().statusCode(201).extract().path("public_id");
    }

    @Test
    void createStartsThenStopRenameAndDeleteWithSeedMessages() {
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);

        // WHEN an operator creates an experiment
        String id = as(operator).body("{\"name\":\"Run 1\"}").when().post("/api/v1/experiments")
                .then().statusCode(201).body("status", equalTo("success"))
                .body("message", equalTo("Experiment successfully created.")).body("public_id", notNullValue())
                .extract().path("public_id");

        // THEN it runs: started_on set, stopped_on null
        as(operator).when().get("/api/v1/experiments/" + id).then().statusCode(200)
                .body("public_id", equalTo(id)).body("name", equalTo("Run 1"))
                .body("started_on", notNullValue()).body("stopped_on", nullValue())
                .body("created_on", notNullValue()).body("user_public_id", equalTo(operator.subject()));

        // WHEN it is stopped (no body), THEN stopped_on is set; stopping again changes nothing
        as(operator).when().put("/api/v1/experiments/" + id + "/stop").then().statusCode(200)
                .body("status", equalTo("success")).body("message", equalTo("Experiment successfully stopped."));
        String stoppedOn = as(operator).when().get("/api/v1/experiments/" + id).then().statusCode(200)
                .body("stopped_on", notNullValue()).extract().path("stopped_on");
        as(operator).when().put("/api/v1/experiments/" + id + "/stop").then().statusCode(200);
        as(operator).when().get("/api/v1/experiments/" + id).then().body("stopped_on", equalTo(stoppedOn));

        // WHEN it is renamed (partial PUT), THEN only the name changes
        as(operator).body("{\"name\":\"Run 1b\"}").when().put("/api/v1/experiments/" + id).then().statusCode(200)
                .body("message", equalTo("Experiment successfully updated."));
        as(operator).body("{}").when().put("/api/v1/experiments/" + id).then().statusCode(200);
        as(operator).when().get("/api/v1/experiments/" + id).then().body("name", equalTo("Run 1b"))
                .body("stopped_on", equalTo(stoppedOn));

        // WHEN it is deleted, THEN it is gone
        as(operator).when().delete("/api/v1/experiments/" + id).then().statusCode(200)
                .body("message", equalTo("Experiment successfully deleted."));
        as(operator).when().get("/api/v1/experiments/" + id).then().statusCode(404)
                .body("detail", equalTo("Experiment '" + id + "' not found.")).body("code", equalTo("not_found"));
        as(operator).when().delete("/api/v1/experiments/" + id).then().statusCode(404);
        as(operator).when().put("/api/v1/experiments/" + id + "/stop").then().statusCode(404)
                .body("detail", equalTo("Experiment '" + id + "' not found."));
        as(operator).body("{\"name\":\"x\"}").when().put("/api/v1/experiments/" + id).then().statusCode(404);
        as(operator).when().get("/api/v1/experiments/nope").then().statusCode(404)
                .body("detail", equalTo("Experiment 'nope' not found."));
    }

    @Test
    void listIsPaginatedNewestFirstAndValidatesPaging() {
        MintedIdentity viewer = EventCallers.newTenant(Role.VIEWER);
        MintedIdentity operator = EventCallers.of(viewer.tenant(), Role.OPERATOR);
        String first = start(operator, "A");
        String second = start(operator, "B");
        String third = start(operator, "C");

        as(viewer).when().get("/api/v1/experiments?page=1&page_size=2").then().statusCode(200)
                .body("page", equalTo(1)).body("page_size", equalTo(2)).body("total", equalTo(3))
                .body("data.public_id", contains(third, second));
        as(viewer).when().get("/api/v1/experiments?page=2&page_size=2").then().statusCode(200)
                .body("data.public_id", contains(first));
        as(viewer).when().get("/api/v1/experiments?page=3&page_size=2").then().statusCode(200)
                .body("data", hasSize(0)).body("total", equalTo(3));
        as(viewer).when().get("/api/v1/experiments").then().statusCode(200).body("page_size", equalTo(25));
        as(viewer).when().get("/api/v1/experiments?page=0").then().statusCode(422);
        as(viewer).when().get("/api/v1/experiments?page_size=101").then().statusCode(422);
    }

    @Test
    void viewersReadButOnlyOperatorsWrite() {
        MintedIdentity viewer = EventCallers.newTenant(Role.VIEWER);
        String id = start(EventCallers.of(viewer.tenant(), Role.OPERATOR), "Watched");

        as(viewer).when().get("/api/v1/experiments/" + id).then().statusCode(200);
        as(viewer).body("{\"name\":\"Mine\"}").when().post("/api/v1/experiments").then().statusCode(403)
                .body("detail", equalTo("Operator privileges required."));
        as(viewer).when().put("/api/v1/experiments/" + id + "/stop").then().statusCode(403);
        as(viewer).body("{\"name\":\"x\"}").when().put("/api/v1/experiments/" + id).then().statusCode(403);
        as(viewer).when().delete("/api/v1/experiments/" + id).then().statusCode(403);
        // The service trusts the token's permissions, not its role name.
        as(EventCallers.withoutPermissions(Role.ADMIN)).when().get("/api/v1/experiments").then().statusCode(403);
        io.restassured.RestAssured.given().when().get("/api/v1/experiments").then().statusCode(401);
    }

    @Test
    void namesAreValidated() {
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        as(operator).body("{\"name\":\"\"}").when().post("/api/v1/experiments").then().statusCode(422)
                .body("code", equalTo("validation_error")).body("errors[0].loc", contains("body", "name"));
        as(operator).body("{}").when().post("/api/v1/experiments").then().statusCode(422)
                .body("errors[0].msg", equalTo("Field required"));
        as(operator).body("{\"name\":\"" + "x".repeat(256) + "\"}").when().post("/api/v1/experiments")
                .then().statusCode(422);
        as(operator).body("{\"name\":").when().post("/api/v1/experiments").then().statusCode(400);
        String id = start(operator, "x".repeat(255));
        as(operator).body("{\"name\":\"\"}").when().put("/api/v1/experiments/" + id).then().statusCode(422);
    }

    @Test
    void anotherTenantsExperimentIsUnknown() {
        String id = start(EventCallers.newTenant(Role.OPERATOR), "Private");
        MintedIdentity stranger = EventCallers.newTenant(Role.OPERATOR);

        as(stranger).when().get("/api/v1/experiments/" + id).then().statusCode(404)
                .body("detail", equalTo("Experiment '" + id + "' not found."));
        as(stranger).when().put("/api/v1/experiments/" + id + "/stop").then().statusCode(404);
        as(stranger).body("{\"name\":\"Mine\"}").when().put("/api/v1/experiments/" + id).then().statusCode(404);
        as(stranger).when().delete("/api/v1/experiments/" + id).then().statusCode(404);
        as(stranger).when().get("/api/v1/experiments").then().statusCode(200).body("total", equalTo(0));
    }
}
