package io.fieldline.ota;

import static io.fieldline.ota.OtaCallers.as;
import static io.fieldline.ota.OtaCallers.createFirmware;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

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
class FirmwareResourceTest {

    @Test
    void createReadListAndDeleteWithSeedFields() {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);

        // WHEN an admin creates a record
        String id = as(admin).body("{\"version\":\"1.2.3\",\"changelog\":\"Faster boot\"}").when()
                .post("/api/v1/ota").then().statusCode(201).body("status", equalTo("success"))
                .body("message", containsString("Firmware")).body("public_id", notNullValue())
                .extract().path("public_id");

        // THEN it reads back with seed 000's fields and never the file path
        as(admin).when().get("/api/v1/ota/" + id).then().statusCode(200)
                .body("public_id", equalTo(id)).body("version", equalTo("1.2.3"))
                .body("changelog", equalTo("Faster boot")).body("status", equalTo("pending"))
                .body("has_firmware_file", equalTo(false)).body("file_hash_sha256", nullValue())
                .body("created_on", notNullValue()).body("user_public_id", equalTo(admin.subject()))
                .body("$", not(hasKey("file_path"))).body("$", not(hasKey("artifact_key")));
        as(admin).when().get("/api/v1/ota?page=1&page_size=10").then().statusCode(200)
                .body("total", equalTo(1)).body("page_size", equalTo(10)).body("data[0].public_id", equalTo(id));

        // WHEN it is deleted THEN it is gone
        as(admin).when().delete("/api/v1/ota/" + id).then().statusCode(200).body("status", equalTo("success"));
        as(admin).when().get("/api/v1/ota/" + id).then().statusCode(404)
                .body("detail", equalTo("Firmware update '" + id + "' not found.")).body("code", equalTo("not_found"));
        as(admin).when().delete("/api/v1/ota/" + id).then().statusCode(404);
    }

    @Test
    void rejectsNonSemverBadHashesAndDuplicates() {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        for (String bad : new String[]{ "1.2", "01.2.3", "1.2.3-beta", "v1.2.3", "1.2.3.4", "" }) {
            as(admin).body("{\"version\":\"" + bad + "\"}").when().post("/api/v1/ota").then().statusCode(422)
                    .body("errors[0].loc[1]", equalTo("version"));
        }
        as(admin).body("{}").when().post("/api/v1/ota").then().statusCode(422);
        as(admin).body("{\"version\":\"1.0.0\",\"file_hash_sha256\":\"abc\"}").when().post("/api/v1/ota").then()
                .statusCode(422).body("errors[0].loc[1]", equalTo("file_hash_sha256"));
        as(admin).body("{\"version\":\"1.0.0\",\"file_hash_sha256\":\"" + "a".repeat(65) + "\"}").when()
                .post("/api/v1/ota").then().statusCode(422);
        as(admin).body("{\"version\":").when().post("/api/v1/ota").then().statusCode(400);

        createFirmware(admin, "1.0.0");
        as(admin).body("{\"version\":\"1.0.0\"}").when().post("/api/v1/ota").then().statusCode(409)
                .body("detail", equalTo("Firmware update already exists.")).body("code", equalTo("conflict"));
        // Another tenant may use the same version.
        createFirmware(OtaCallers.newTenant(Role.ADMIN), "1.0.0");
        as(admin).when().get("/api/v1/ota?page_size=101").then().statusCode(422);
    }

    @Test
    void onlyAdminsManageAndOtherTenantsSeeNothing() {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        String id = createFirmware(admin, "3.0.0");

        given().when().get("/api/v1/ota").then().statusCode(401);
        given().when().get("/api/v1/ota/check").then().statusCode(401);
        MintedIdentity operator = OtaCallers.of(admin.tenant(), Role.OPERATOR);
        as(operator).body("{\"version\":\"3.0.1\"}").when().post("/api/v1/ota").then().statusCode(403);
        as(operator).when().get("/api/v1/ota/" + id).then().statusCode(403);
        as(operator).when().post("/api/v1/ota/" + id + "/apply").then().statusCode(403);

        MintedIdentity stranger = OtaCallers.newTenant(Role.ADMIN);
        as(stranger).when().get("/api/v1/ota/" + id).then().statusCode(404);
        as(stranger).when().delete("/api/v1/ota/" + id).then().statusCode(404);
        as(stranger).when().post("/api/v1/ota/" + id + "/apply").then().statusCode(404);
        as(stranger).when().post("/api/v1/ota/" + id + "/rollback").then().statusCode(404);
        as(stranger).when().get("/api/v1/ota").then().statusCode(200).body("total", equalTo(0));
        as(admin).when().get("/api/v1/ota/" + id).then().statusCode(200);
    }

    @Test
    void checkOffersTheNewestPendingOrCompletedVersionAboveTheCurrentOne() {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        MintedIdentity viewer = OtaCallers.of(admin.tenant(), Role.VIEWER);
        as(viewer).when().get("/api/v1/ota/check").then().statusCode(200)
                .body("current_version", equalTo("2.0.0")).body("latest_version", nullValue())
                .body("update_available", equalTo(false)).body("$", hasKey("github_latest_version"))
                .body("github_download_url", nullValue()).body("github_release_url", nullValue())
                .body("github_error", nullValue());

        createFirmware(admin, "1.9.9");
        createFirmware(admin, "2.0.0");
        createFirmware(admin, "2.10.0");
        String failed = createFirmware(admin, "3.0.0");
        createFirmware(admin, "2.9.0");
        // A failed record is no candidate: fail it by a download that cannot succeed.
        as(admin).body("{\"download_url\":\"http://169.254.169.254/latest\"}").when()
                .post("/api/v1/ota/" + failed + "/apply").then().statusCode(400);

        as(viewer).when().get("/api/v1/ota/check").then().statusCode(200)
                .body("latest_version", equalTo("2.10.0")).body("update_available", equalTo(true));
    }
}
