package io.fieldline.rules.rule;

import static io.fieldline.rules.Fixtures.as;
import static io.fieldline.rules.Fixtures.createRule;
import static io.fieldline.rules.Fixtures.gtRule;
import static io.fieldline.rules.Fixtures.newEvent;
import static io.fieldline.rules.Fixtures.newTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.UUID;

import io.fieldline.model.Role;
import io.fieldline.rules.Fixtures;
import io.fieldline.rules.StubIngestResource;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.MintedIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
@QuarkusTestResource(StubIngestResource.class)
class RuleResourceTest {

    @Test
    void createReadUpdateAndDeleteWithSeedFieldsAndMessages() {
        MintedIdentity operator = newTenant(Role.OPERATOR);
        String event = newEvent(operator);

        // WHEN an operator creates a seed 000 rule with only the seed's fields
        String id = as(operator).body("{\"name\":\"High Temperature Alert\",\"event_public_id\":\"" + event
                + "\",\"operator\":\"gt\",\"threshold\":50.0,\"action_type\":\"webhook\","
                + "\"webhook_event_type\":\"sensor.threshold_exceeded\",\"cooldown_seconds\":300,\"enabled\":true}")
                .when().post("/api/v1/rules").then().statusCode(201).body("status", equalTo("success"))
                .body("message", equalTo("Rule successfully created.")).extract().path("public_id");

        // THEN it reads back with the seed's fields and Fieldline's defaults
        as(operator).when().get("/api/v1/rules/" + id).then().statusCode(200)
                .body("public_id", equalTo(id)).body("name", equalTo("High Temperature Alert"))
                .body("event_public_id", equalTo(event)).body("operator", equalTo("gt"))
                .body("threshold", equalTo(50.0f)).body("threshold_high", nullValue())
                .body("action_type", equalTo("webhook")).body("cooldown_seconds", equalTo(300))
                .body("enabled", equalTo(true)).body("last_triggered_at", nullValue())
                .body("created_on", notNullValue()).body("user_public_id", equalTo(operator.subject()))
                .body("kind", equalTo("threshold")).body("severity", equalTo("warning"))
                .body("deadband", equalTo(0.0f)).body("delay_seconds", equalTo(0));

        // WHEN it changes some fields (partial PUT), THEN the others stay
        as(operator).body("{\"threshold\":60,\"severity\":\"critical\",\"deadband\":2.5}").when()
                .put("/api/v1/rules/" + id).then().statusCode(200)
                .body("message", equalTo("Rule successfully updated."));
        as(operator).when().get("/api/v1/rules/" + id).then().statusCode(200).body("threshold", equalTo(60.0f))
                .body("severity", equalTo("critical")).body("deadband", equalTo(2.5f))
                .body("name", equalTo("High Temperature Alert")).body("cooldown_seconds", equalTo(300));
        as(operator).when().get("/api/v1/rules").then().statusCode(200).body("total", equalTo(1))
                .body("page", equalTo(1)).body("page_size", equalTo(25)).body("data.public_id", hasItem(id));

        // WHEN it deletes it, THEN 200 then 404
        as(operator).when().delete("/api/v1/rules/" + id).then().statusCode(200)
                .body("message", equalTo("Rule successfully deleted."));
        as(operator).when().get("/api/v1/rules/" + id).then().statusCode(404)
                .body("detail", equalTo("Rule '" + id + "' not found.")).body("code", equalTo("not_found"));
        as(operator).when().delete("/api/v1/rules/" + id).then().statusCode(404);
        as(operator).when().get("/api/v1/rules/not-an-id").then().statusCode(404);
        // The name is free again.
        createRule(operator, gtRule("High Temperature Alert", event, 1, 0, ""));
    }

    @Test
    void unknownEventIs404BeforeADuplicateNameIs409() {
        MintedIdentity operator = newTenant(Role.OPERATOR);
        String event = newEvent(operator);
        createRule(operator, gtRule("Dup", event, 1, 60, ""));

        String unknown = UUID.randomUUID().toString();
        as(operator).body(gtRule("Dup", unknown, 1, 60, "")).when().post("/api/v1/rules").then().statusCode(404)
                .body("detail", equalTo("Event '" + unknown + "' not found."));
        as(operator).body(gtRule("Dup", event, 1, 60, "")).when().post("/api/v1/rules").then().statusCode(409)
                .body("detail", equalTo("Rule already exists.")).body("code", equalTo("conflict"));
        // An event of another tenant is unknown here.
        MintedIdentity other = newTenant(Role.OPERATOR);
        as(other).body(gtRule("Mine", event, 1, 60, "")).when().post("/api/v1/rules").then().statusCode(404);
        // Renaming onto a taken name conflicts too.
        String second = createRule(operator, gtRule("Second", event, 1, 60, ""));
        as(operator).body("{\"name\":\"Dup\"}").when().put("/api/v1/rules/" + second).then().statusCode(409);
    }

    @Test
    void invalidRulesAre422() {
        MintedIdentity operator = newTenant(Role.OPERATOR);
        String event = newEvent(operator);
        String base = "\"event_public_id\":\"" + event + "\",\"action_type\":\"log\"";

        // Enumerations, missing fields, negative cooldown: schema errors with FastAPI-shaped entries
        as(operator).body("{\"name\":\"r\"," + base + ",\"operator\":\"gtx\",\"threshold\":1}").when()
                .post("/api/v1/rules").then().statusCode(422).body("code", equalTo("validation_error"))
                .body("errors[0].loc", equalTo(java.util.List.of("body", "operator")));
        as(operator).body("{\"name\":\"r\",\"event_public_id\":\"" + event
                + "\",\"operator\":\"gt\",\"threshold\":1,\"action_type\":\"email\"}").when()
                .post("/api/v1/rules").then().statusCode(422);
        as(operator).body("{\"name\":\"r\"," + base + ",\"operator\":\"gt\"}").when().post("/api/v1/rules").then()
                .statusCode(422).body("errors[0].loc", equalTo(java.util.List.of("body", "threshold")))
                .body("errors[0].type", equalTo("missing"));
        as(operator).body("{\"name\":\"r\"," + base + ",\"operator\":\"gt\",\"threshold\":1,\"cooldown_seconds\":-1}")
                .when().post("/api/v1/rules").then().statusCode(422);
        as(operator).body("{\"name\":\"\"," + base + ",\"operator\":\"gt\",\"threshold\":1}").when()
                .post("/api/v1/rules").then().statusCode(422);
        as(operator).body("{\"name\":\"r\"," + base + ",\"operator\":\"gt\",\"threshold\":\"high\"}").when()
                .post("/api/v1/rules").then().statusCode(422);

        // between/not_between need threshold_high >= threshold
        as(operator).body("{\"name\":\"r\"," + base + ",\"operator\":\"between\",\"threshold\":1}").when()
                .post("/api/v1/rules").then().statusCode(422)
                .body("errors[0].loc", equalTo(java.util.List.of("body", "threshold_high")));
        as(operator).body("{\"name\":\"r\"," + base + ",\"operator\":\"not_between\",\"threshold\":5,"
                + "\"threshold_high\":4}").when().post("/api/v1/rules").then().statusCode(422)
                .body("detail", equalTo("threshold_high must be greater than or equal to threshold"));
        // ... also after merging an update
        String band = createRule(operator, "{\"name\":\"band\"," + base + ",\"operator\":\"between\","
                + "\"threshold\":1,\"threshold_high\":5}");
        as(operator).body("{\"threshold\":9}").when().put("/api/v1/rules/" + band).then().statusCode(422);

        // Kind parameters
        as(operator).body("{\"name\":\"s\"," + base + ",\"kind\":\"stale\"}").when().post("/api/v1/rules").then()
                .statusCode(422).body("errors[0].loc", equalTo(java.util.List.of("body", "stale_seconds")));
        as(operator).body("{\"name\":\"a\"," + base + ",\"kind\":\"anomaly\",\"threshold\":0}").when()
                .post("/api/v1/rules").then().statusCode(422);
        as(operator).body("{\"name\":\"k\"," + base + ",\"kind\":\"magic\"}").when().post("/api/v1/rules").then()
                .statusCode(422);

        // Pagination out of range
        as(operator).when().get("/api/v1/rules?page_size=101").then().statusCode(422);
        as(operator).when().get("/api/v1/rules?page=0").then().statusCode(422);
    }

    @Test
    void onlyOperatorsManageRulesAndTenantsAreIsolated() {
        MintedIdentity operator = newTenant(Role.OPERATOR);
        String event = newEvent(operator);
        String id = createRule(operator, gtRule("Mine", event, 1, 60, ""));

        MintedIdentity viewer = Fixtures.sameTenant(operator, Role.VIEWER);
        as(viewer).when().get("/api/v1/rules").then().statusCode(403);
        as(viewer).body(gtRule("V", event, 1, 60, "")).when().post("/api/v1/rules").then().statusCode(403);

        MintedIdentity stranger = newTenant(Role.ADMIN);
        as(stranger).when().get("/api/v1/rules/" + id).then().statusCode(404);
        as(stranger).body("{\"threshold\":3}").when().put("/api/v1/rules/" + id).then().statusCode(404);
        as(stranger).when().delete("/api/v1/rules/" + id).then().statusCode(404);
        as(stranger).when().get("/api/v1/rules").then().statusCode(200).body("total", equalTo(0));
        as(operator).when().get("/api/v1/rules/" + id).then().statusCode(200);
    }

    @Test
    void ingestFailingOrSilentIs503() {
        MintedIdentity operator = newTenant(Role.OPERATOR);
        long start = System.nanoTime();
        as(operator).body(gtRule("r", StubIngestResource.SILENT, 1, 60, "")).when().post("/api/v1/rules").then()
                .statusCode(503).body("code", equalTo("service_unavailable"));
        org.junit.jupiter.api.Assertions.assertTrue(System.nanoTime() - start < 5_000_000_000L);
        as(operator).body(gtRule("r", StubIngestResource.BROKEN, 1, 60, "")).when().post("/api/v1/rules").then()
                .statusCode(503);
        as(operator).when().get("/api/v1/rules").then().body("total", equalTo(0));
    }
}
