package io.fieldline.ota;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import io.fieldline.testsupport.MintedIdentity;
import io.fieldline.testsupport.Tokens;
import io.restassured.specification.RequestSpecification;

/** Callers with internal identity tokens as the gateway mints them, and the requests OTA tests repeat. */
public final class OtaCallers {

    private static final Tokens TOKENS = Tokens.forTests();

    private OtaCallers() {
    }

    /** A fresh caller of a new random tenant. */
    public static MintedIdentity newTenant(Role role) {
        return TOKENS.internal(Tokens.randomTenant(), role);
    }

    /** Another caller of the same tenant. */
    public static MintedIdentity of(TenantId tenant, Role role) {
        return TOKENS.internal(tenant, role);
    }

    /** A JSON request with the caller's bearer token. */
    public static RequestSpecification as(MintedIdentity caller) {
        return given().header("Authorization", caller.bearer()).contentType("application/json");
    }

    /** Creates a firmware record; emits its public id. */
    public static String createFirmware(MintedIdentity admin, String version) {
        return as(admin).body("{\"version\":\"" + version + "\",\"changelog\":\"Fixes\"}").when()
                .post("/api/v1/ota").then().statusCode(201).body("status", equalTo("success"))
                .extract().path("public_id");
    }

    /** Uploads {@code content} as the record's artifact. */
    public static void upload(MintedIdentity admin, String firmwareId, byte[] content) {
        given().header("Authorization", admin.bearer())
                .multiPart("file", "firmware.bin", content, "application/octet-stream")
                .when().post("/api/v1/ota/" + firmwareId + "/upload").then().statusCode(201);
    }
}
