package io.fieldline.webhook;

import static io.fieldline.webhook.Webhooks.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.MintedIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Subscriptions CRUD as seed 000, with the bad input, tenancy and roles. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class WebhookResourceTest {

    private static final String BASE = "/api/v1/webhooks";

    @Test
    void crudNeverReturnsTheSecret() {
        MintedIdentity admin = Webhooks.newAdmin();
        String id = as(admin)
                .body("""
                        {"url":"https://example.com/hook","secret":"my-hmac-secret","events":["sensor.threshold_exceeded","experiment.started"]}""")
                .post(BASE).then().statusCode(201).body("status", equalTo("success"))
                .body("message", equalTo("Webhook successfully created.")).body("$", not(hasKey("secret")))
                .extract().path("public_id");

        as(admin).get(BASE + "/" + id).then().statusCode(200).body("public_id", equalTo(id))
                .body("url", equalTo("https://example.com/hook")).body("enabled", equalTo(true))
                .body("events", hasItem("experiment.started")).body("user_public_id", equalTo(admin.subject()))
                .body("$", not(hasKey("secret"))).body("retry_schedule", nullValue());
        as(admin).get(BASE).then().statusCode(200).body("total", equalTo(1)).body("page_size", equalTo(25))
                .body("data[0].public_id", equalTo(id)).body("data[0]", not(hasKey("secret")));

        as(admin).body("{\"events\":[\"alarm.raised\"],\"enabled\":false,\"retry_schedule\":[0,1,2]}")
                .put(BASE + "/" + id).then().statusCode(200).body("message", equalTo("Webhook successfully updated."));
        as(admin).get(BASE + "/" + id).then().body("events", equalTo(java.util.List.of("alarm.raised")))
                .body("enabled", equalTo(false)).body("retry_schedule", equalTo(java.util.List.of(0, 1, 2)));

        as(admin).delete(BASE + "/" + id).then().statusCode(200)
                .body("message", equalTo("Webhook successfully deleted."));
        as(admin).get(BASE + "/" + id).then().statusCode(404).body("detail",
                equalTo("Webhook '" + id + "' not found."));
    }

    @Test
    void aSecretIsGeneratedAndShownOnceWhenNoneIsGiven() {
        MintedIdentity admin = Webhooks.newAdmin();
        String secret = as(admin).body("{\"url\":\"https://example.com/a\",\"events\":[\"sensor.reading\"]}")
                .post(BASE).then().statusCode(201).body("secret", startsWith("whsec_")).extract().path("secret");
        org.junit.jupiter.api.Assertions.assertTrue(java.util.Base64.getDecoder()
                .decode(secret.substring(6)).length >= 24);
        as(admin).body("{\"grace_seconds\":60}").post(BASE + "/" + as(admin).get(BASE).then().extract()
                .path("data[0].public_id") + "/rotate-secret").then().statusCode(200)
                .body("secret", startsWith("whsec_"));
    }

    @Test
    void badInputIs422() {
        MintedIdentity admin = Webhooks.newAdmin();
        invalid(admin, "{\"url\":\"ftp://example.com/x\",\"events\":[\"sensor.reading\"]}", "url");
        invalid(admin, "{\"url\":\"http://exa mple.com/x\",\"events\":[\"sensor.reading\"]}", "url");
        invalid(admin, "{\"url\":\"https://\",\"events\":[\"sensor.reading\"]}", "url");
        invalid(admin, "{\"url\":\"https://example.com/" + "a".repeat(2048) + "\",\"events\":[\"sensor.reading\"]}",
                "url");
        invalid(admin, "{\"url\":\"https://example.com/x\",\"events\":[]}", "events");
        invalid(admin, "{\"url\":\"https://example.com/x\",\"events\":[\"sensor.exploded\"]}", "events");
        invalid(admin, "{\"url\":\"https://example.com/x\"}", "events");
        invalid(admin, "{\"events\":[\"sensor.reading\"]}", "url");
        invalid(admin, "{\"url\":\"https://example.com/x\",\"events\":[\"sensor.reading\"],\"secret\":\"\"}",
                "secret");
        invalid(admin, "{\"url\":\"https://example.com/x\",\"events\":[\"sensor.reading\"],\"retry_schedule\":[-1]}",
                "retry_schedule");
        // internal targets named by IP literal are refused at once (hostnames are checked at each attempt)
        invalid(admin, "{\"url\":\"http://169.254.169.254/latest\",\"events\":[\"sensor.reading\"]}", "url");
        invalid(admin, "{\"url\":\"http://10.1.2.3/\",\"events\":[\"sensor.reading\"]}", "url");
        invalid(admin, "{\"url\":\"http://[::1]:8080/\",\"events\":[\"sensor.reading\"]}", "url");
        invalid(admin, "{\"url\":\"http://[fd00::1]/\",\"events\":[\"sensor.reading\"]}", "url");
        as(admin).body("{\"url\":\"ftp://x\"}").put(BASE + "/" + java.util.UUID.randomUUID()).then()
                .statusCode(422);
        as(admin).body("{not json").post(BASE).then().statusCode(400);
        as(admin).get(BASE + "?page_size=101").then().statusCode(422);
        as(admin).get(BASE + "/deliveries?status=lost").then().statusCode(422);
        as(admin).get(BASE).then().body("total", equalTo(0));
    }

    @Test
    void sameUrlTwiceInATenantIs409ButFineInAnother() {
        MintedIdentity admin = Webhooks.newAdmin();
        String body = "{\"url\":\"https://example.com/dup\",\"events\":[\"sensor.reading\"]}";
        as(admin).body(body).post(BASE).then().statusCode(201);
        as(admin).body(body).post(BASE).then().statusCode(409).body("detail", equalTo("Webhook already exists."));
        as(Webhooks.newAdmin()).body(body).post(BASE).then().statusCode(201);
    }

    @Test
    void otherTenantsAndUnknownIdsAre404() {
        MintedIdentity admin = Webhooks.newAdmin();
        String id = Webhooks.subscribe(admin, "https://example.com/mine", Webhooks.secret(), "sensor.reading");
        MintedIdentity stranger = Webhooks.newAdmin();
        as(stranger).get(BASE + "/" + id).then().statusCode(404);
        as(stranger).body("{\"enabled\":false}").put(BASE + "/" + id).then().statusCode(404);
        as(stranger).delete(BASE + "/" + id).then().statusCode(404);
        as(stranger).post(BASE + "/" + id + "/test").then().statusCode(404);
        as(stranger).get(BASE + "/" + id + "/deliveries").then().statusCode(404);
        as(stranger).post(BASE + "/" + id + "/replay-dead-letters").then().statusCode(404);
        as(stranger).post(BASE + "/" + id + "/rotate-secret").then().statusCode(404);
        as(stranger).get(BASE + "/deliveries/" + java.util.UUID.randomUUID()).then().statusCode(404);
        as(stranger).post(BASE + "/deliveries/not-an-id/redeliver").then().statusCode(404);
        as(stranger).get(BASE + "/nope").then().statusCode(404);
        as(stranger).get(BASE).then().body("total", equalTo(0));
        as(admin).get(BASE + "/" + id).then().statusCode(200);
    }

    @Test
    void onlyAdminsManageWebhooks() {
        MintedIdentity admin = Webhooks.newAdmin();
        MintedIdentity operator = Webhooks.caller(admin.tenant(), Role.OPERATOR);
        as(operator).get(BASE).then().statusCode(403);
        as(operator).body("{\"url\":\"https://example.com/x\",\"events\":[\"sensor.reading\"]}").post(BASE).then()
                .statusCode(403);
        as(operator).get(BASE + "/config").then().statusCode(403);
    }

    @Test
    void tenantPauseSwitch() {
        MintedIdentity admin = Webhooks.newAdmin();
        as(admin).get(BASE + "/config").then().statusCode(200).body("paused", equalTo(false));
        as(admin).body("{\"paused\":true}").put(BASE + "/config").then().statusCode(200).body("paused", equalTo(true));
        as(admin).get(BASE + "/config").then().body("paused", equalTo(true));
        as(Webhooks.newAdmin()).get(BASE + "/config").then().body("paused", equalTo(false));
        as(admin).body("{}").put(BASE + "/config").then().statusCode(422);
    }

    private static void invalid(MintedIdentity admin, String body, String field) {
        as(admin).body(body).post(BASE).then().statusCode(422).body("code", equalTo("validation_error"))
                .body("errors[0].loc[1]", equalTo(field));
    }
}
