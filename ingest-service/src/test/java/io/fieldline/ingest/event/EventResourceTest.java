package io.fieldline.ingest.event;

import static io.fieldline.ingest.event.EventCallers.as;
import static io.fieldline.ingest.event.EventCallers.body;
import static io.fieldline.ingest.event.EventCallers.create;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;

import io.fieldline.model.Role;
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
class EventResourceTest {

    @Test
    void createReadUpdateAndDeleteWithSeedMessages() {
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);

        // WHEN an operator creates an event
        String id = as(operator).body(body("Inlet Temperature")).when().post("/api/v1/events")
                .then().statusCode(201).body("status", equalTo("success"))
                .body("message", equalTo("Event successfully created.")).body("public_id", notNullValue())
                .extract().path("public_id");

        // THEN it reads back with seed 000's fields
        as(operator).when().get("/api/v1/events/" + id).then().statusCode(200)
                .body("public_id", equalTo(id)).body("name", equalTo("Inlet Temperature"))
                .body("type", equalTo("sensor")).body("unit", equalTo("°C"))
                .body("min_value", equalTo(0.0f)).body("max_value", equalTo(200.0f))
                .body("created_on", notNullValue()).body("user_public_id", equalTo(operator.subject()));

        // WHEN it changes only some fields, THEN the others stay
        as(operator).body("{\"max_value\":150.5,\"type\":\"range\"}").when().put("/api/v1/events/" + id)
                .then().statusCode(200).body("status", equalTo("success"))
                .body("message", equalTo("Event successfully updated."));
        as(operator).when().get("/api/v1/events/" + id).then().statusCode(200)
                .body("name", equalTo("Inlet Temperature")).body("max_value", equalTo(150.5f))
                .body("type", equalTo("range")).body("min_value", equalTo(0.0f));

        // WHEN it deletes it, THEN it is gone
        as(operator).when().delete("/api/v1/events/" + id).then().statusCode(200)
                .body("status", equalTo("success")).body("message", equalTo("Event successfully deleted."));
        as(operator).when().get("/api/v1/events/" + id).then().statusCode(404)
                .body("detail", equalTo("Event '" + id + "' not found.")).body("code", equalTo("not_found"));
        as(operator).when().delete("/api/v1/events/" + id).then().statusCode(404);
        as(operator).body("{\"name\":\"x\"}").when().put("/api/v1/events/" + id).then().statusCode(404);
        as(operator).when().get("/api/v1/events/not-an-id").then().statusCode(404)
                .body("detail", equalTo("Event 'not-an-id' not found."));
    }

    @Test
    void duplicateNamesConflictWithinATenantOnly() {
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        create(operator, "Pump");
        String valve = create(operator, "Valve");

        as(operator).body(body("Pump")).when().post("/api/v1/events").then().statusCode(409)
                .body("detail", equalTo("Event already exists.")).body("code", equalTo("conflict"));
        as(operator).body("{\"name\":\"Pump\"}").when().put("/api/v1/events/" + valve).then().statusCode(409)
                .body("detail", equalTo("Event already exists."));
        // Renaming an event to its own name is no conflict.
        as(operator).body("{\"name\":\"Valve\"}").when().put("/api/v1/events/" + valve).then().statusCode(200);
        // Another tenant may use the same name.
        create(EventCallers.newTenant(Role.OPERATOR), "Pump");
    }

    @Test
    void invalidBodiesAre422() {
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String valid = "\"name\":\"a\",\"type\":\"sensor\",\"unit\":\"V\",\"min_value\":0,\"max_value\":1";

        invalid(operator, "{}", "name", "min_value", "max_value", "type", "unit");
        invalid(operator, "{" + valid.replace("\"name\":\"a\"", "\"name\":\"\"") + "}", "name");
        invalid(operator, "{" + valid.replace("\"name\":\"a\"", "\"name\":\"" + "x".repeat(256) + "\"") + "}",
                "name");
        invalid(operator, "{" + valid.replace("\"unit\":\"V\"", "\"unit\":\"\"") + "}", "unit");
        invalid(operator, "{" + valid.replace("sensor", "thermometer") + "}", "type");
        invalid(operator, "{" + valid.replace("\"min_value\":0", "\"min_value\":5") + "}", "min_value");
        invalid(operator, "{" + valid.replace("\"min_value\":0", "\"min_value\":\"NaN\"") + "}", "min_value");
        as(operator).body("{" + valid.replace("\"min_value\":0", "\"min_value\":\"low\"") + "}")
                .when().post("/api/v1/events").then().statusCode(422).body("code", equalTo("validation_error"));
        as(operator).body("{\"name\":").when().post("/api/v1/events").then().statusCode(400);
        as(operator).body("{" + valid.replace("\"name\":\"a\"", "\"name\":\"" + "x".repeat(255) + "\"") + "}")
                .when().post("/api/v1/events").then().statusCode(201);

        // A partial update is checked against the stored bounds too.
        String id = create(operator, "Tank level");
        as(operator).body("{\"min_value\":500}").when().put("/api/v1/events/" + id).then().statusCode(422)
                .body("errors[0].loc", equalTo(List.of("body", "min_value")));
        as(operator).body("{\"min_value\":9,\"max_value\":1}").when().put("/api/v1/events/" + id)
                .then().statusCode(422);
        as(operator).body("{\"type\":\"gauge\"}").when().put("/api/v1/events/" + id).then().statusCode(422)
                .body("errors[0].loc", equalTo(List.of("body", "type")));
        as(operator).body("{\"name\":\"\"}").when().put("/api/v1/events/" + id).then().statusCode(422);
        as(operator).when().get("/api/v1/events/" + id).then().statusCode(200).body("min_value", equalTo(0.0f));
    }

    @Test
    void listsArePagedNewestFirst() {
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        String first = create(operator, "first");
        String second = create(operator, "second");
        String third = create(operator, "third");

        as(operator).when().get("/api/v1/events").then().statusCode(200)
                .body("page", equalTo(1)).body("page_size", equalTo(25)).body("total", equalTo(3))
                .body("data.public_id", contains(third, second, first))
                .body("data[0].name", equalTo("third")).body("data[0].unit", equalTo("°C"));
        as(operator).when().get("/api/v1/events?page=2&page_size=2").then().statusCode(200)
                .body("total", equalTo(3)).body("page", equalTo(2)).body("data.public_id", contains(first));
        as(operator).when().get("/api/v1/events?page=9").then().statusCode(200).body("data.size()", equalTo(0));
        for (String query : new String[]{ "page=0", "page=-1", "page_size=0", "page_size=101" }) {
            as(operator).when().get("/api/v1/events?" + query).then().statusCode(422)
                    .body("code", equalTo("validation_error"));
        }
        as(operator).when().get("/api/v1/events?page_size=100&unknown=1").then().statusCode(200);
    }

    private static void invalid(MintedIdentity caller, String body, String... fields) {
        var response = as(caller).body(body).when().post("/api/v1/events").then().statusCode(422)
                .body("code", equalTo("validation_error")).body("detail", notNullValue());
        for (String field : fields) {
            response.body("errors.loc", hasItem(List.of("body", field)));
        }
    }
}
