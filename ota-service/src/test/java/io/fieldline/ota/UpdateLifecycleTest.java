package io.fieldline.ota;

import static io.fieldline.ota.OtaCallers.as;
import static io.fieldline.ota.OtaCallers.createFirmware;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;
import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.MintedIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed 000's status machine, apply (with and without download_url) and rollback. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class UpdateLifecycleTest {

    private static final byte[] BUNDLE = TestArtifacts.random(200_000);

    private HttpServer server;

    // A local firmware server: allowed only because %test sets fieldline.ota.download.allow-private-targets.
    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fw.bin", exchange -> {
            exchange.sendResponseHeaders(200, BUNDLE.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BUNDLE);
            }
        });
        server.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void applyWithoutDownloadCompletesAndRollbackFollowsTheSeedTransitions() {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        String id = createFirmware(admin, "1.0.0");

        // Rolling back a pending update is illegal.
        as(admin).when().post("/api/v1/ota/" + id + "/rollback").then().statusCode(409)
                .body("detail", equalTo("Cannot transition from 'pending' to 'rolled_back'"));

        as(admin).when().post("/api/v1/ota/" + id + "/apply").then().statusCode(200)
                .body("message", equalTo("Firmware update applied successfully."));
        as(admin).when().get("/api/v1/ota/" + id).then().body("status", equalTo("completed"))
                .body("started_on", notNullValue()).body("completed_on", notNullValue());

        // Applying a completed update again is illegal (seed 000's 409).
        as(admin).when().post("/api/v1/ota/" + id + "/apply").then().statusCode(409)
                .body("detail", equalTo("Cannot transition from 'completed' to 'completed'"));

        as(admin).when().post("/api/v1/ota/" + id + "/rollback").then().statusCode(200);
        as(admin).when().get("/api/v1/ota/" + id).then().body("status", equalTo("rolled_back"));
        as(admin).when().post("/api/v1/ota/" + id + "/rollback").then().statusCode(409)
                .body("detail", equalTo("Cannot transition from 'rolled_back' to 'rolled_back'"));
    }

    @Test
    void applyDownloadsVerifiesAndStoresTheFile() throws Exception {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        String id = createFirmware(admin, "1.0.0");
        String hash = TestArtifacts.sha256(BUNDLE);

        as(admin).body("{\"download_url\":\"" + url("/fw.bin") + "\",\"file_hash_sha256\":\"" + hash + "\"}")
                .when().post("/api/v1/ota/" + id + "/apply").then().statusCode(200);

        as(admin).when().get("/api/v1/ota/" + id).then().body("status", equalTo("completed"))
                .body("has_firmware_file", equalTo(true)).body("file_hash_sha256", equalTo(hash))
                .body("file_size_bytes", equalTo(BUNDLE.length)).body("error_message", nullValue());
        byte[] served = as(admin).when().get("/api/v1/ota/" + id + "/download").then().statusCode(200)
                .extract().asByteArray();
        assertArrayEquals(BUNDLE, served);
    }

    @Test
    void failedDownloadsAndHashMismatchesRecordFailedAndAnswer400() {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);

        String missing = createFirmware(admin, "1.0.0");
        as(admin).body("{\"download_url\":\"" + url("/missing") + "\"}").when()
                .post("/api/v1/ota/" + missing + "/apply").then().statusCode(400)
                .body("detail", equalTo("download_failed: status 404"));
        as(admin).when().get("/api/v1/ota/" + missing).then().body("status", equalTo("failed"))
                .body("error_message", equalTo("download_failed: status 404"));

        String mismatch = createFirmware(admin, "1.0.1");
        as(admin).body("{\"download_url\":\"" + url("/fw.bin") + "\",\"file_hash_sha256\":\"" + "0".repeat(64)
                + "\"}").when().post("/api/v1/ota/" + mismatch + "/apply").then().statusCode(400)
                .body("detail", equalTo("SHA-256 hash verification failed"));
        as(admin).when().get("/api/v1/ota/" + mismatch).then().body("status", equalTo("failed"))
                .body("has_firmware_file", equalTo(false));

        // Redirects are not followed (the target could be anywhere).
        String moved = createFirmware(admin, "1.0.2");
        as(admin).body("{\"download_url\":\"" + url("/moved") + "\"}").when()
                .post("/api/v1/ota/" + moved + "/apply").then().statusCode(400)
                .body("detail", equalTo("download_failed: status 302"));

        // A failed update cannot be applied again (failed → downloading is not a seed transition).
        as(admin).body("{\"download_url\":\"" + url("/fw.bin") + "\"}").when()
                .post("/api/v1/ota/" + missing + "/apply").then().statusCode(409)
                .body("detail", equalTo("Cannot transition from 'failed' to 'downloading'"));
    }

    @Test
    void downloadsToMetadataAndLinkLocalAddressesAreRefusedEvenInTests() {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        String id = createFirmware(admin, "1.0.0");
        as(admin).body("{\"download_url\":\"http://169.254.169.254/latest/meta-data\"}").when()
                .post("/api/v1/ota/" + id + "/apply").then().statusCode(400)
                .body("detail", equalTo("download_failed: target not allowed (address 169.254.169.254 is not a "
                        + "public address)"));
        as(admin).when().get("/api/v1/ota/" + id).then().body("status", equalTo("failed"));

        String other = createFirmware(admin, "1.0.1");
        as(admin).body("{\"download_url\":\"ftp://example.com/fw.bin\"}").when()
                .post("/api/v1/ota/" + other + "/apply").then().statusCode(422);
        as(admin).body("{\"file_hash_sha256\":\"abc\"}").when().post("/api/v1/ota/" + other + "/apply").then()
                .statusCode(422);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }
}
