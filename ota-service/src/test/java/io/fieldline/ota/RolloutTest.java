package io.fieldline.ota;

import static io.fieldline.ota.OtaCallers.as;
import static io.fieldline.ota.OtaCallers.createFirmware;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import io.fieldline.model.Role;
import io.fieldline.ota.rollout.service.TimeoutSweeper;
import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.KafkaRecords;
import io.fieldline.testsupport.MintedIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Staged rollouts: groups, gating, pausing, cancelling, timeouts, restarts and their activity records. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class RolloutTest {

    private static final String ACTIVITY = "fieldline.activity.v1";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    Pool pool;

    @Inject
    TimeoutSweeper sweeper;

    @Test
    void groupsStartOneAfterAnotherAsEachReachesTheSuccessThreshold() {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        MintedIdentity device = OtaCallers.of(admin.tenant(), Role.OPERATOR);
        String firmware = firmwareWithFile(admin, "2.0.0");

        // GIVEN a rollout to five devices: a canary of one, then up to 40 %, then the rest
        String rollout = create(admin, "{\"firmware_id\":\"" + firmware + "\",\"name\":\"Spring\",\"device_ids\":"
                + "[\"d1\",\"d2\",\"d3\",\"d4\",\"d5\"],\"canary_size\":1,\"group_percentages\":[40,100],"
                + "\"success_threshold\":100,\"error_threshold\":50}");
        as(admin).when().get("/api/v1/ota/rollouts/" + rollout).then().statusCode(200)
                .body("status", equalTo("running")).body("group_count", equalTo(3))
                .body("current_group", equalTo(0)).body("groups[0].name", equalTo("canary"))
                .body("groups[0].total", equalTo(1)).body("groups[1].total", equalTo(1))
                .body("groups[2].total", equalTo(3)).body("progress.pending", equalTo(1))
                .body("progress.scheduled", equalTo(4));

        // THEN only the canary is offered the update
        checkIn(device, "d1").body("update_available", equalTo(true)).body("action", equalTo("update"))
                .body("version", equalTo("2.0.0")).body("rollout_id", equalTo(rollout))
                .body("download_url", equalTo("/api/v1/ota/" + firmware + "/download"));
        checkIn(device, "d2").body("update_available", equalTo(false)).body("status", equalTo("scheduled"));
        checkIn(device, "unknown").body("update_available", equalTo(false)).body("rollout_id", nullValue());

        // WHEN the canary reports its way to completed, THEN the second group starts
        for (String status : List.of("downloading", "verifying", "applying", "completed")) {
            report(device, "d1", status).statusCode(200);
        }
        report(device, "d1", "completed").statusCode(200); // a repeat changes nothing
        report(device, "d1", "downloading").statusCode(409)
                .body("detail", equalTo("Cannot transition from 'completed' to 'downloading'"));
        checkIn(device, "d1").body("update_available", equalTo(false)).body("status", equalTo("completed"));
        checkIn(device, "d2").body("update_available", equalTo(true));
        checkIn(device, "d3").body("update_available", equalTo(false));

        // WHEN the second group completes (a device may skip steps), THEN the last group starts
        report(device, "d2", "completed").statusCode(200);
        for (String d : List.of("d3", "d4", "d5")) {
            checkIn(device, d).body("update_available", equalTo(true));
        }
        report(device, "d3", "downloading").statusCode(200);
        report(device, "d3", "pending").statusCode(422);
        for (String d : List.of("d3", "d4", "d5")) {
            report(device, d, "completed").statusCode(200);
        }

        // THEN the rollout is completed, and every change was published
        as(admin).when().get("/api/v1/ota/rollouts/" + rollout).then().statusCode(200)
                .body("status", equalTo("completed")).body("current_group", equalTo(2))
                .body("progress.completed", equalTo(5)).body("groups[2].status", equalTo("completed"));
        // Records of one subject (rollout or device) share a key, hence a partition, hence their order.
        List<ConsumerRecord<String, String>> records = activities(admin, 13);
        assertEquals(List.of("ota.rollout.created", "ota.rollout.group_started", "ota.rollout.group_started",
                "ota.rollout.completed"), types(records, admin, rollout));
        assertEquals(List.of("ota.device.downloading", "ota.device.verifying", "ota.device.applying",
                "ota.device.completed"), types(records, admin, "d1"));
        assertEquals(List.of("ota.device.downloading", "ota.device.completed"), types(records, admin, "d3"));
        as(admin).when().get("/api/v1/ota/rollouts?page_size=5").then().statusCode(200)
                .body("total", equalTo(1)).body("data[0].public_id", equalTo(rollout));
    }

    @Test
    void failuresAboveTheErrorThresholdPauseUntilResumedAndCancelStopsEverything() {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        MintedIdentity device = OtaCallers.of(admin.tenant(), Role.OPERATOR);
        String firmware = firmwareWithFile(admin, "1.1.0");
        String rollout = create(admin, "{\"firmware_id\":\"" + firmware + "\",\"device_ids\":[\"a\",\"b\",\"c\","
                + "\"d\"],\"canary_size\":2,\"success_threshold\":50,\"error_threshold\":0}");

        // WHEN a canary device fails, THEN the rollout pauses and offers nothing
        report(device, "a", "failed", "flash write error").statusCode(200);
        as(admin).when().get("/api/v1/ota/rollouts/" + rollout).then().body("status", equalTo("paused"))
                .body("status_reason", equalTo("error_threshold")).body("progress.failed", equalTo(1));
        checkIn(device, "b").body("update_available", equalTo(false));
        as(admin).when().post("/api/v1/ota/rollouts/" + rollout + "/pause").then().statusCode(409)
                .body("detail", equalTo("Cannot transition from 'paused' to 'paused'"));

        // WHEN an operator resumes, THEN the canary goes on and its success starts the next group
        as(admin).when().post("/api/v1/ota/rollouts/" + rollout + "/resume").then().statusCode(200);
        checkIn(device, "b").body("update_available", equalTo(true));
        report(device, "b", "completed").statusCode(200);
        checkIn(device, "c").body("update_available", equalTo(true));

        // WHEN an operator pauses and cancels, THEN no device is offered the update any more
        as(admin).when().post("/api/v1/ota/rollouts/" + rollout + "/pause").then().statusCode(200);
        as(admin).when().post("/api/v1/ota/rollouts/" + rollout + "/cancel").then().statusCode(200);
        as(admin).when().post("/api/v1/ota/rollouts/" + rollout + "/cancel").then().statusCode(409)
                .body("detail", equalTo("Cannot transition from 'cancelled' to 'cancelled'"));
        as(admin).when().post("/api/v1/ota/rollouts/" + rollout + "/resume").then().statusCode(409);
        checkIn(device, "c").body("update_available", equalTo(false)).body("status", equalTo("cancelled"));
        report(device, "c", "downloading").statusCode(409);
        as(admin).when().get("/api/v1/ota/rollouts/" + rollout).then().body("status", equalTo("cancelled"))
                .body("progress.cancelled", equalTo(2)).body("progress.completed", equalTo(1));

        List<ConsumerRecord<String, String>> records = activities(admin, 8);
        assertEquals(List.of("ota.rollout.created", "ota.rollout.paused", "ota.rollout.resumed",
                "ota.rollout.group_started", "ota.rollout.paused", "ota.rollout.cancelled"),
                types(records, admin, rollout));
        assertEquals(List.of("ota.device.failed"), types(records, admin, "a"));
        assertEquals("flash write error", JsonPath.from(record(records, admin, "a").value()).getString("data.reason"));

        // A cancelled rollout frees its devices for a new one.
        create(admin, "{\"firmware_id\":\"" + firmware + "\",\"device_ids\":[\"c\",\"d\"]}");
    }

    @Test
    void autoRollbackAsksCompletedDevicesToRollBack() {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        MintedIdentity device = OtaCallers.of(admin.tenant(), Role.OPERATOR);
        String firmware = firmwareWithFile(admin, "1.0.0");
        String rollout = create(admin, "{\"firmware_id\":\"" + firmware + "\",\"device_ids\":[\"x\",\"y\",\"z\"],"
                + "\"error_threshold\":10,\"auto_rollback\":true}");
        report(device, "x", "completed").statusCode(200);
        report(device, "y", "failed", "boot loop").statusCode(200);

        as(admin).when().get("/api/v1/ota/rollouts/" + rollout).then().body("status", equalTo("rolled_back"))
                .body("progress.rollback_requested", equalTo(1)).body("progress.cancelled", equalTo(1));
        checkIn(device, "x").body("action", equalTo("rollback")).body("update_available", equalTo(false));
        report(device, "x", "rolled_back").statusCode(200);
        checkIn(device, "x").body("action", nullValue()).body("status", equalTo("rolled_back"));
        List<ConsumerRecord<String, String>> records = activities(admin, 6);
        assertEquals(List.of("ota.rollout.created", "ota.rollout.group_started", "ota.rollout.rolled_back"),
                types(records, admin, rollout));
        assertEquals(List.of("ota.device.completed", "ota.device.rolled_back"), types(records, admin, "x"));
    }

    @Test
    void silentDevicesTimeOutIntoFailed() {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        MintedIdentity device = OtaCallers.of(admin.tenant(), Role.OPERATOR);
        String firmware = firmwareWithFile(admin, "1.0.0");
        String rollout = create(admin, "{\"firmware_id\":\"" + firmware + "\",\"device_ids\":[\"quiet\",\"later\"],"
                + "\"device_timeout_seconds\":1}");
        report(device, "quiet", "downloading").statusCode(200);

        // THEN the sweeper fails it once its deadline passed, and the failure pauses the rollout
        Await.until("the silent device times out", Duration.ofSeconds(15), () -> "paused".equals(
                as(admin).when().get("/api/v1/ota/rollouts/" + rollout).then().extract().path("status")));
        as(admin).when().get("/api/v1/ota/rollouts/" + rollout).then().body("progress.failed", equalTo(1))
                .body("status_reason", equalTo("error_threshold"));
        List<ConsumerRecord<String, String>> failed = KafkaRecords.await(kafka, ACTIVITY,
                r -> r.key().equals(admin.tenant().value() + "/quiet") && r.value().contains("ota.device.failed"),
                1, Duration.ofSeconds(20));
        assertEquals("timeout", JsonPath.from(failed.get(0).value()).getString("data.reason"));
        // A paused rollout holds devices that never started: "later" does not time out meanwhile.
        report(device, "quiet", "completed").statusCode(409);
    }

    @Test
    void aRestartContinuesFromTheStoredState() {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        MintedIdentity device = OtaCallers.of(admin.tenant(), Role.OPERATOR);
        String firmware = firmwareWithFile(admin, "1.0.0");
        String rollout = create(admin, "{\"firmware_id\":\"" + firmware + "\",\"device_ids\":[\"r1\",\"r2\"]}");

        // GIVEN state a crashed instance left behind: the canary completed but its rollout did not move on
        pool.preparedQuery("UPDATE rollout_device SET status = 'completed', deadline = NULL "
                + "WHERE tenant_id = $1 AND device_id = 'r1'").execute(Tuple.of(admin.tenant().value()))
                .await().atMost(Duration.ofSeconds(5));
        checkIn(device, "r2").body("update_available", equalTo(false));

        // WHEN the service starts (its start-up re-evaluation), THEN the rollout continues where it was
        sweeper.recover().await().atMost(Duration.ofSeconds(10));
        checkIn(device, "r2").body("update_available", equalTo(true));
        as(admin).when().get("/api/v1/ota/rollouts/" + rollout).then().body("current_group", equalTo(1));
    }

    @Test
    void badRolloutsAreRefusedAndTenantsAreIsolated() {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        String firmware = firmwareWithFile(admin, "1.0.0");
        String noFile = createFirmware(admin, "1.0.1");
        String body = "{\"firmware_id\":\"" + firmware + "\",\"device_ids\":[\"p\",\"q\"]";
        as(admin).body(body + ",\"group_percentages\":[50,40]}").when().post("/api/v1/ota/rollouts").then()
                .statusCode(422).body("errors[0].loc[1]", equalTo("group_percentages"));
        as(admin).body(body + ",\"group_percentages\":[50]}").when().post("/api/v1/ota/rollouts").then()
                .statusCode(422);
        as(admin).body(body + ",\"canary_size\":3}").when().post("/api/v1/ota/rollouts").then().statusCode(422);
        as(admin).body(body + ",\"success_threshold\":0}").when().post("/api/v1/ota/rollouts").then()
                .statusCode(422);
        as(admin).body("{\"firmware_id\":\"" + firmware + "\",\"device_ids\":[\"p\",\"p\"]}").when()
                .post("/api/v1/ota/rollouts").then().statusCode(422);
        as(admin).body("{\"firmware_id\":\"" + firmware + "\",\"device_ids\":[]}").when()
                .post("/api/v1/ota/rollouts").then().statusCode(422);
        as(admin).body("{\"firmware_id\":\"" + noFile + "\",\"device_ids\":[\"p\"]}").when()
                .post("/api/v1/ota/rollouts").then().statusCode(422).body("errors[0].loc[1]", equalTo("firmware_id"));
        as(OtaCallers.of(admin.tenant(), Role.OPERATOR)).body(body + "}").when().post("/api/v1/ota/rollouts")
                .then().statusCode(403);

        String rollout = create(admin, body + "}");
        as(admin).body("{\"firmware_id\":\"" + firmware + "\",\"device_ids\":[\"q\"]}").when()
                .post("/api/v1/ota/rollouts").then().statusCode(409)
                .body("detail", equalTo("Device 'q' is already in an active rollout."));
        as(admin).when().delete("/api/v1/ota/" + firmware).then().statusCode(409);

        // Another tenant sees neither the rollout nor its devices, and cannot use the firmware.
        MintedIdentity stranger = OtaCallers.newTenant(Role.ADMIN);
        as(stranger).when().get("/api/v1/ota/rollouts/" + rollout).then().statusCode(404);
        as(stranger).when().post("/api/v1/ota/rollouts/" + rollout + "/cancel").then().statusCode(404);
        checkIn(stranger, "p").body("update_available", equalTo(false)).body("rollout_id", nullValue());
        report(stranger, "p", "completed").statusCode(404);
        as(stranger).body("{\"firmware_id\":\"" + firmware + "\",\"device_ids\":[\"p\"]}").when()
                .post("/api/v1/ota/rollouts").then().statusCode(422);
        // Devices need read_data to check in and write_data to report.
        report(OtaCallers.of(admin.tenant(), Role.VIEWER), "p", "downloading").statusCode(403);
    }

    private static String firmwareWithFile(MintedIdentity admin, String version) {
        String id = createFirmware(admin, version);
        OtaCallers.upload(admin, id, TestArtifacts.random(1000));
        return id;
    }

    private static String create(MintedIdentity admin, String body) {
        return as(admin).body(body).when().post("/api/v1/ota/rollouts").then().statusCode(201)
                .body("message", equalTo("Rollout successfully created.")).extract().path("public_id");
    }

    private static io.restassured.response.ValidatableResponse checkIn(MintedIdentity caller, String deviceId) {
        return as(caller).when().get("/api/v1/ota/devices/" + deviceId + "/update").then().statusCode(200)
                .body("device_id", equalTo(deviceId));
    }

    private static io.restassured.response.ValidatableResponse report(MintedIdentity caller, String deviceId,
            String status) {
        return report(caller, deviceId, status, null);
    }

    private static io.restassured.response.ValidatableResponse report(MintedIdentity caller, String deviceId,
            String status, String reason) {
        String body = "{\"status\":\"" + status + "\"" + (reason == null ? "" : ",\"reason\":\"" + reason + "\"")
                + "}";
        return as(caller).body(body).when().post("/api/v1/ota/devices/" + deviceId + "/status").then();
    }

    // The tenant's first n activity records.
    private List<ConsumerRecord<String, String>> activities(MintedIdentity admin, int n) {
        String tenant = admin.tenant().value();
        return KafkaRecords.await(kafka, ACTIVITY, r -> r.key().startsWith(tenant + "/"), n, Duration.ofSeconds(20));
    }

    private static List<String> types(List<ConsumerRecord<String, String>> records, MintedIdentity admin,
            String subject) {
        String key = admin.tenant().value() + "/" + subject;
        return records.stream().filter(r -> r.key().equals(key)).map(r -> JsonPath.from(r.value()).getString("type"))
                .toList();
    }

    private static ConsumerRecord<String, String> record(List<ConsumerRecord<String, String>> records,
            MintedIdentity admin, String subject) {
        String key = admin.tenant().value() + "/" + subject;
        return records.stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow();
    }
}
