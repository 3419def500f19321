package io.fieldline.gateway.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.Map;

import io.fieldline.gateway.StubServicesResource;
import io.fieldline.gateway.TestAccounts;
import io.fieldline.gateway.TestAccounts.Account;
import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
@QuarkusTestResource(StubServicesResource.class)
class DashboardResourceTest {

    static final String DASHBOARDS = "/api/v1/dashboards";

    @Test
    void createAnswersTheWholeDashboardAndListShowsOwnAndGlobalNewestFirst() {
        // GIVEN two operators of one tenant
        Account alice = TestAccounts.newTenantWith(Role.OPERATOR);
        Account bob = TestAccounts.addUser(alice.tenant(), Role.OPERATOR);

        // WHEN alice creates a private and a global dashboard, and bob a private one
        as(alice).body(Map.of("name", "Boiler")).post(DASHBOARDS).then().statusCode(201)
                .body("public_id", notNullValue()).body("name", equalTo("Boiler"))
                .body("is_global", equalTo(false)).body("created_on", notNullValue())
                .body("user_public_id", equalTo(alice.userPublicId())).body("widgets", empty());
        String shared = create(alice, "Plant overview", true);
        String bobs = create(bob, "Bob's", false);

        // THEN alice sees her two, newest first; bob sees his own and the global one
        as(alice).get(DASHBOARDS).then().statusCode(200)
                .body("page", equalTo(1)).body("page_size", equalTo(25)).body("total", equalTo(2))
                .body("data.name", contains("Plant overview", "Boiler"));
        as(bob).get(DASHBOARDS).then().statusCode(200).body("total", equalTo(2))
                .body("data.public_id", contains(bobs, shared));
        as(bob).get(DASHBOARDS + "?page=2&page_size=1").then().statusCode(200)
                .body("page", equalTo(2)).body("page_size", equalTo(1)).body("total", equalTo(2))
                .body("data.public_id", contains(shared));
    }

    @Test
    void anotherUsersPrivateDashboardIsNotAllowedAndOnlyOwnerOrAdminEdits() {
        // GIVEN an operator's private and global dashboards, another operator, a viewer and an admin
        Account owner = TestAccounts.newTenantWith(Role.OPERATOR);
        Account other = TestAccounts.addUser(owner.tenant(), Role.OPERATOR);
        Account viewer = TestAccounts.addUser(owner.tenant(), Role.VIEWER);
        Account admin = TestAccounts.addUser(owner.tenant(), Role.ADMIN);
        String mine = create(owner, "Mine", false);
        String shared = create(owner, "Shared", true);

        // THEN others may read only the global one
        as(other).get(DASHBOARDS + "/" + mine).then().statusCode(403).body("detail", equalTo("Not allowed."));
        as(viewer).get(DASHBOARDS + "/" + shared).then().statusCode(200).body("name", equalTo("Shared"));
        // AND nobody but the owner or an admin changes either, global or not
        as(other).body(Map.of("name", "Hijacked")).put(DASHBOARDS + "/" + shared).then().statusCode(403)
                .body("detail", equalTo("Not allowed."));
        as(other).delete(DASHBOARDS + "/" + shared).then().statusCode(403);
        as(viewer).body(Map.of("name", "x")).post(DASHBOARDS).then().statusCode(403)
                .body("detail", equalTo("Operator privileges required."));
        as(owner).body(Map.of("name", "Mine, renamed", "is_global", true)).put(DASHBOARDS + "/" + mine).then()
                .statusCode(200).body("status", equalTo("success"))
                .body("message", equalTo("Dashboard successfully updated."));
        as(other).get(DASHBOARDS + "/" + mine).then().statusCode(200).body("name", equalTo("Mine, renamed"))
                .body("is_global", equalTo(true));
        as(admin).delete(DASHBOARDS + "/" + shared).then().statusCode(200)
                .body("message", equalTo("Dashboard successfully deleted."));
        as(owner).get(DASHBOARDS + "/" + shared).then().statusCode(404)
                .body("detail", equalTo("Dashboard '" + shared + "' not found."));
    }

    @Test
    void widgetsAreAddedChangedPartiallyAndDeleted() {
        // GIVEN a dashboard
        Account owner = TestAccounts.newTenantWith(Role.OPERATOR);
        String dashboard = create(owner, "Widgets", false);
        String widgets = DASHBOARDS + "/" + dashboard + "/widgets";

        // WHEN a widget is added with the seed's defaults, and another one linked to an event
        String gauge = as(owner).body(Map.of("widget_type", "gauge", "title", "Pressure")).post(widgets).then()
                .statusCode(201).body("widget_type", equalTo("gauge")).body("title", equalTo("Pressure"))
                .body("event_public_id", nullValue()).body("x", equalTo(0)).body("y", equalTo(0))
                .body("w", equalTo(4)).body("h", equalTo(3)).body("config_json", nullValue())
                .extract().path("public_id");
        String chart = as(owner).body(Map.of("widget_type", "line_chart", "title", "Inlet", "event_public_id",
                "evt-1", "x", 4, "y", 2, "w", 8, "h", 6, "config_json", "{\"color\":\"red\"}")).post(widgets).then()
                .statusCode(201).body("event_public_id", equalTo("evt-1")).extract().path("public_id");

        // THEN the dashboard shows both, ordered by id
        as(owner).get(DASHBOARDS + "/" + dashboard).then().statusCode(200)
                .body("widgets.public_id", contains(gauge, chart))
                .body("widgets[1].config_json", equalTo("{\"color\":\"red\"}"));

        // WHEN the chart is changed partially, then its event is cleared by an explicit null
        as(owner).body(Map.of("title", "Inlet temperature", "w", 12)).put(widgets + "/" + chart).then()
                .statusCode(200).body("message", equalTo("Widget successfully updated."));
        as(owner).get(DASHBOARDS + "/" + dashboard).then()
                .body("widgets[1].title", equalTo("Inlet temperature")).body("widgets[1].w", equalTo(12))
                .body("widgets[1].h", equalTo(6)).body("widgets[1].event_public_id", equalTo("evt-1"));
        Map<String, Object> unlink = new HashMap<>();
        unlink.put("event_public_id", null);
        as(owner).body(unlink).put(widgets + "/" + chart).then().statusCode(200);
        as(owner).get(DASHBOARDS + "/" + dashboard).then().body("widgets[1].event_public_id", nullValue())
                .body("widgets[1].title", equalTo("Inlet temperature"));

        // AND a deleted widget is gone
        as(owner).delete(widgets + "/" + gauge).then().statusCode(200)
                .body("message", equalTo("Widget successfully deleted."));
        as(owner).get(DASHBOARDS + "/" + dashboard).then().body("widgets.public_id", contains(chart));
        as(owner).delete(widgets + "/" + gauge).then().statusCode(404)
                .body("detail", equalTo("DashboardWidget '" + gauge + "' not found."));
    }

    @Test
    void widgetRulesOfTheSeed() {
        Account owner = TestAccounts.newTenantWith(Role.OPERATOR);
        Account other = TestAccounts.addUser(owner.tenant(), Role.OPERATOR);
        String first = create(owner, "First", true);
        String second = create(owner, "Second", false);
        String widget = as(owner).body(Map.of("widget_type", "stat_card", "title", "Count"))
                .post(DASHBOARDS + "/" + first + "/widgets").then().statusCode(201).extract().path("public_id");

        // an unknown event is refused when adding and when changing
        as(owner).body(Map.of("widget_type", "gauge", "title", "T", "event_public_id",
                StubServicesResource.MISSING_EVENT + "1")).post(DASHBOARDS + "/" + first + "/widgets").then()
                .statusCode(404).body("detail", equalTo("Event not found."));
        as(owner).body(Map.of("event_public_id", StubServicesResource.MISSING_EVENT + "2"))
                .put(DASHBOARDS + "/" + first + "/widgets/" + widget).then().statusCode(404)
                .body("detail", equalTo("Event not found."));
        // a widget addressed through another dashboard
        as(owner).body(Map.of("title", "x")).put(DASHBOARDS + "/" + second + "/widgets/" + widget).then()
                .statusCode(404).body("detail", equalTo("Widget not on this dashboard."));
        as(owner).delete(DASHBOARDS + "/" + second + "/widgets/" + widget).then().statusCode(404)
                .body("detail", equalTo("Widget not on this dashboard."));
        // a non-owner (on a global dashboard too) cannot touch widgets
        as(other).body(Map.of("widget_type", "gauge", "title", "T")).post(DASHBOARDS + "/" + first + "/widgets")
                .then().statusCode(403).body("detail", equalTo("Not allowed."));
        as(other).body(Map.of("title", "x")).put(DASHBOARDS + "/" + first + "/widgets/" + widget).then()
                .statusCode(403);
        as(other).delete(DASHBOARDS + "/" + first + "/widgets/" + widget).then().statusCode(403);
        as(owner).get(DASHBOARDS + "/" + first).then().body("widgets.title", contains("Count"));
    }

    @Test
    void badInputIsRefusedWith422() {
        Account owner = TestAccounts.newTenantWith(Role.OPERATOR);
        String dashboard = create(owner, "Bad input", false);
        String widgets = DASHBOARDS + "/" + dashboard + "/widgets";
        String widget = as(owner).body(Map.of("widget_type", "gauge", "title", "G")).post(widgets).then()
                .statusCode(201).extract().path("public_id");

        as(owner).body(Map.of()).post(DASHBOARDS).then().statusCode(422)
                .body("errors.loc", hasItem(java.util.List.of("body", "name")));
        as(owner).body(Map.of("name", "")).post(DASHBOARDS).then().statusCode(422);
        as(owner).body(Map.of("name", "n".repeat(256))).post(DASHBOARDS).then().statusCode(422);
        as(owner).body(Map.of("name", "ok", "is_global", "perhaps")).post(DASHBOARDS).then().statusCode(422);
        as(owner).body(Map.of("name", "")).put(DASHBOARDS + "/" + dashboard).then().statusCode(422);
        as(owner).body("{").post(DASHBOARDS).then().statusCode(400);
        as(owner).get(DASHBOARDS + "?page_size=101").then().statusCode(422);
        as(owner).get(DASHBOARDS + "?page=0").then().statusCode(422);

        as(owner).body(Map.of("widget_type", "pie", "title", "T")).post(widgets).then().statusCode(422)
                .body("errors.msg", hasItem(
                        "Input should be 'line_chart', 'gauge', 'stat_card' or 'actuator_toggle'"));
        as(owner).body(Map.of("title", "T")).post(widgets).then().statusCode(422);
        as(owner).body(Map.of("widget_type", "gauge", "title", "")).post(widgets).then().statusCode(422);
        as(owner).body(Map.of("widget_type", "gauge", "title", "T", "w", 0)).post(widgets).then().statusCode(422);
        as(owner).body(Map.of("widget_type", "gauge", "title", "T", "h", 13)).post(widgets).then().statusCode(422)
                .body("errors[0].loc", contains("body", "h"))
                .body("errors[0].msg", equalTo("Input should be less than or equal to 12"));
        as(owner).body(Map.of("widget_type", "gauge", "title", "T", "x", -1)).post(widgets).then().statusCode(422);
        as(owner).body(Map.of("widget_type", "gauge", "title", "T", "y", "top")).post(widgets).then()
                .statusCode(422);
        as(owner).body(Map.of("title", "")).put(widgets + "/" + widget).then().statusCode(422);
        as(owner).body(Map.of("w", 0)).put(widgets + "/" + widget).then().statusCode(422);
        as(owner).body(Map.of("h", 13)).put(widgets + "/" + widget).then().statusCode(422);

        // nothing of the refused requests was stored
        as(owner).get(DASHBOARDS + "/" + dashboard).then().statusCode(200)
                .body("widgets.title", contains("G")).body("widgets[0].w", equalTo(4))
                .body("name", equalTo("Bad input"));
        as(owner).get(DASHBOARDS).then().body("data.name", not(hasItems("")));
    }

    static String create(Account account, String name, boolean global) {
        return as(account).body(Map.of("name", name, "is_global", global)).post(DASHBOARDS).then().statusCode(201)
                .extract().path("public_id");
    }

    static RequestSpecification as(Account account) {
        return given().header("Authorization", account.bearer()).contentType("application/json").when();
    }
}
