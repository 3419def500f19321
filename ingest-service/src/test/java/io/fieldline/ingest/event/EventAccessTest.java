package io.fieldline.ingest.event;

import static io.fieldline.ingest.event.EventCallers.as;
import static io.fieldline.ingest.event.EventCallers.body;
import static io.fieldline.ingest.event.EventCallers.create;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.MintedIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Roles and tenants: who may see and change which events. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class EventAccessTest {

    @Test
    void viewersReadButDoNotWrite() {
        // GIVEN an operator's event and a viewer of the same tenant
        MintedIdentity operator = EventCallers.newTenant(Role.OPERATOR);
        MintedIdentity viewer = EventCallers.of(operator.tenant(), Role.VIEWER);
        String id = create(operator, "Flow");

        // THEN the viewer reads it
        as(viewer).when().get("/api/v1/events").then().statusCode(200).body("data.public_id", contains(id));
        as(viewer).when().get("/api/v1/events/" + id).then().statusCode(200).body("name", equalTo("Flow"));
        // AND every write is refused with seed 000's message, changing nothing
        as(viewer).body(body("Other")).when().post("/api/v1/events").then().statusCode(403)
                .body("detail", equalTo("Operator privileges required.")).body("code", equalTo("forbidden"));
        as(viewer).body("{\"name\":\"Renamed\"}").when().put("/api/v1/events/" + id).then().statusCode(403)
                .body("detail", equalTo("Operator privileges required."));
        as(viewer).when().delete("/api/v1/events/" + id).then().statusCode(403)
                .body("detail", equalTo("Operator privileges required."));
        as(operator).when().get("/api/v1/events").then().body("total", equalTo(1)).body("data[0].name",
                equalTo("Flow"));
        // AND an admin writes like an operator
        create(EventCallers.of(operator.tenant(), Role.ADMIN), "By admin");
    }

    @Test
    void permissionsComeFromTheTokenNotTheRole() {
        // A token that names the operator role but grants no permissions is refused both ways.
        MintedIdentity bare = EventCallers.withoutPermissions(Role.OPERATOR);

        as(bare).when().get("/api/v1/events").then().statusCode(403);
        as(bare).body(body("x")).when().post("/api/v1/events").then().statusCode(403);
    }

    @Test
    void anotherTenantsEventsAreInvisible() {
        // GIVEN an event in one tenant and an operator of another
        MintedIdentity owner = EventCallers.newTenant(Role.OPERATOR);
        MintedIdentity stranger = EventCallers.newTenant(Role.ADMIN);
        String id = create(owner, "Secret");
        String own = create(stranger, "Mine");
        String notFound = "Event '" + id + "' not found.";

        // THEN it is answered as if it did not exist
        as(stranger).when().get("/api/v1/events/" + id).then().statusCode(404).body("detail", equalTo(notFound));
        as(stranger).body("{\"name\":\"Stolen\"}").when().put("/api/v1/events/" + id).then().statusCode(404)
                .body("detail", equalTo(notFound));
        as(stranger).when().delete("/api/v1/events/" + id).then().statusCode(404).body("detail", equalTo(notFound));
        as(stranger).when().get("/api/v1/events/" + UUID.randomUUID()).then().statusCode(404);
        // AND lists never show it
        as(stranger).when().get("/api/v1/events").then().statusCode(200).body("total", equalTo(1))
                .body("data.public_id", contains(own));
        // AND it is untouched
        as(owner).when().get("/api/v1/events/" + id).then().statusCode(200).body("name", equalTo("Secret"));
    }

    @Test
    void everyEndpointNeedsAnIdentityToken() {
        String id = UUID.randomUUID().toString();
        given().contentType("application/json").body(body("x")).when().post("/api/v1/events").then().statusCode(401);
        given().when().get("/api/v1/events").then().statusCode(401);
        given().when().get("/api/v1/events/" + id).then().statusCode(401);
        given().contentType("application/json").body("{}").when().put("/api/v1/events/" + id).then().statusCode(401);
        given().when().delete("/api/v1/events/" + id).then().statusCode(401);
    }
}
