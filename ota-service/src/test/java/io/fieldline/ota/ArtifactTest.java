package io.fieldline.ota;

import static io.fieldline.ota.OtaCallers.as;
import static io.fieldline.ota.OtaCallers.createFirmware;
import static io.fieldline.ota.TestArtifacts.assertNoTempFiles;
import static io.fieldline.ota.TestArtifacts.random;
import static io.fieldline.ota.TestArtifacts.sha256;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import io.fieldline.model.Role;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.MintedIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class ArtifactTest {

    private static final String BOUNDARY = "fieldline-test-boundary";

    @TestHTTPResource("/")
    URI base;

    @Test
    void uploadAboveTheDefaultBodyLimitIsHashedStoredAndServedWithRanges() throws Exception {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        String id = createFirmware(admin, "1.0.0");
        // 1.5 MB: above the 1 MB default body limit, below the upload route's override.
        byte[] content = random(1_500_000);
        String hash = sha256(content);

        // WHEN the artifact is uploaded with its declared hash
        given().header("Authorization", admin.bearer()).multiPart("file_hash_sha256", hash)
                .multiPart("file", "fw.bin", content, "application/octet-stream")
                .when().post("/api/v1/ota/" + id + "/upload").then().statusCode(201)
                .body("message", equalTo("Firmware file successfully uploaded."));

        // THEN the record knows its file, hash and size
        as(admin).when().get("/api/v1/ota/" + id).then().statusCode(200).body("has_firmware_file", equalTo(true))
                .body("file_hash_sha256", equalTo(hash)).body("file_size_bytes", equalTo(content.length));

        // AND a device (read_data) downloads it whole or by ranges
        MintedIdentity device = OtaCallers.of(admin.tenant(), Role.VIEWER);
        String path = "/api/v1/ota/" + id + "/download";
        byte[] whole = as(device).when().get(path).then().statusCode(200).header("Accept-Ranges", "bytes")
                .header("ETag", "\"" + hash + "\"").extract().asByteArray();
        assertArrayEquals(content, whole);
        byte[] middle = as(device).header("Range", "bytes=1000-1999").when().get(path).then().statusCode(206)
                .header("Content-Range", "bytes 1000-1999/" + content.length).extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(content, 1000, 2000), middle);
        byte[] resumed = as(device).header("Range", "bytes=1499000-").when().get(path).then().statusCode(206)
                .extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(content, 1_499_000, content.length), resumed);
        byte[] suffix = as(device).header("Range", "bytes=-10").when().get(path).then().statusCode(206)
                .extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(content, content.length - 10, content.length), suffix);
        as(device).header("Range", "bytes=" + content.length + "-").when().get(path).then().statusCode(416)
                .header("Content-Range", "bytes */" + content.length);
        // A stale If-Range gets the whole (new) file instead of a range of it.
        as(device).header("Range", "bytes=0-9").header("If-Range", "\"other\"").when().get(path).then()
                .statusCode(200);

        // AND a record keeps its first artifact; others cannot see it
        given().header("Authorization", admin.bearer()).multiPart("file", "fw.bin", content)
                .when().post("/api/v1/ota/" + id + "/upload").then().statusCode(409);
        as(OtaCallers.newTenant(Role.ADMIN)).when().get(path).then().statusCode(404);
        given().when().get(path).then().statusCode(401);
        assertNoTempFiles();
    }

    @Test
    void hashMismatchLeavesNoArtifact() throws Exception {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        byte[] content = random(10_000);
        String other = sha256(random(10));
        String id = as(admin).body("{\"version\":\"1.0.0\",\"file_hash_sha256\":\"" + other + "\"}").when()
                .post("/api/v1/ota").then().statusCode(201).extract().path("public_id");

        given().header("Authorization", admin.bearer()).multiPart("file", "fw.bin", content)
                .when().post("/api/v1/ota/" + id + "/upload").then().statusCode(400)
                .body("detail", equalTo("SHA-256 hash verification failed"));

        as(admin).when().get("/api/v1/ota/" + id).then().body("has_firmware_file", equalTo(false));
        as(admin).when().get("/api/v1/ota/" + id + "/download").then().statusCode(404);
        assertNoTempFiles();
    }

    @Test
    void tooLargeUploadsAreRefusedWith413() throws Exception {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        String id = createFirmware(admin, "1.0.0");
        byte[] tooLarge = random(2 * 1024 * 1024 + 1);

        // A declared length above the route's limit is refused before the body is read.
        given().header("Authorization", admin.bearer()).multiPart("file", "fw.bin", tooLarge)
                .when().post("/api/v1/ota/" + id + "/upload").then().statusCode(413)
                .body("code", equalTo("payload_too_large"));

        // A chunked body (no length) is cut off once the file passes the limit.
        byte[] body = multipart(tooLarge);
        HttpRequest chunked = HttpRequest.newBuilder(base.resolve("/api/v1/ota/" + id + "/upload"))
                .header("Authorization", admin.bearer())
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, answer.statusCode(), answer.body());

        as(admin).when().get("/api/v1/ota/" + id).then().body("has_firmware_file", equalTo(false));
        assertNoTempFiles();
    }

    @Test
    void anUploadCutOffMidStreamLeavesNothing() throws Exception {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        String id = createFirmware(admin, "1.0.0");
        byte[] body = multipart(random(1_000_000));

        // WHEN a client sends half of the declared body and disconnects
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/ota/" + id + "/upload HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + admin.bearer() + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            Thread.sleep(300);
        }

        // THEN neither an artifact nor a temp file remains
        assertNoTempFiles(Duration.ofSeconds(10));
        as(admin).when().get("/api/v1/ota/" + id).then().body("has_firmware_file", equalTo(false));
        // AND a complete upload still succeeds afterwards
        OtaCallers.upload(admin, id, random(100));
    }

    @Test
    void badUploadsAreRefused() {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        String id = createFirmware(admin, "1.0.0");
        String unknown = "00000000-0000-4000-8000-000000000000";
        given().header("Authorization", admin.bearer()).multiPart("file", "fw.bin", new byte[10])
                .when().post("/api/v1/ota/" + unknown + "/upload").then().statusCode(404);
        given().header("Authorization", admin.bearer()).multiPart("other", "x")
                .when().post("/api/v1/ota/" + id + "/upload").then().statusCode(422)
                .body("errors[0].loc[1]", equalTo("file"));
        as(admin).body("{}").when().post("/api/v1/ota/" + id + "/upload").then().statusCode(400);
        given().header("Authorization", OtaCallers.of(admin.tenant(), Role.OPERATOR).bearer())
                .multiPart("file", "fw.bin", new byte[10]).when().post("/api/v1/ota/" + id + "/upload").then()
                .statusCode(403);
        given().multiPart("file", "fw.bin", new byte[10]).when().post("/api/v1/ota/" + id + "/upload").then()
                .statusCode(401);
        as(admin).when().get("/api/v1/ota/" + id + "/download").then().statusCode(404);
    }

    private static byte[] multipart(byte[] file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"fw.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(file);
        out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

}
