package io.fieldline.ota.bundle;

import static io.fieldline.ota.OtaCallers.as;
import static io.fieldline.ota.TestArtifacts.assertNoTempFiles;
import static io.fieldline.ota.TestArtifacts.random;
import static io.fieldline.ota.TestArtifacts.sha256;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import io.fieldline.model.Role;
import io.fieldline.ota.OtaCallers;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.MintedIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 000 {@code POST /api/v1/ota/upload}: bundles built by the system's GNU tar, as an operator would. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class BundleUploadTest {

    private static final String BOUNDARY = "fieldline-bundle-boundary";

    @TempDir
    Path work;

    @TestHTTPResource("/")
    URI base;

    @Test
    void aBundleBecomesAPendingFirmwareRecordWithTheBundleAsItsArtifact() throws Exception {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        // A long entry name ahead of the manifest (GNU tar writes it as a long-name record) must be skipped over.
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("images/" + "a".repeat(120) + ".tar", random(1_200_000));
        entries.put("manifest.json", "{\"version\":\"3.1.0\",\"images_sha256\":\"x\",\"changelog\":\"Faster boot\"}"
                .getBytes(StandardCharsets.UTF_8));
        byte[] bundle = tarGz(entries);
        String name = "fieldline-update-3.1.0.tar.gz";

        // WHEN an admin uploads it (above the 1 MB default body limit)
        String id = upload(admin, name, bundle).statusCode(201)
                .body("status", equalTo("success"))
                .body("message", equalTo(String.format(Locale.ROOT,
                        "Bundle '%s' uploaded (%,d bytes). Update will be applied automatically.", name,
                        bundle.length)))
                .extract().path("public_id");

        // THEN a pending record of the manifest's version holds the bundle, offered as the newest update
        as(admin).when().get("/api/v1/ota/" + id).then().statusCode(200)
                .body("version", equalTo("3.1.0")).body("changelog", equalTo("Faster boot"))
                .body("status", equalTo("pending")).body("has_firmware_file", equalTo(true))
                .body("file_hash_sha256", equalTo(sha256(bundle))).body("file_size_bytes", equalTo(bundle.length));
        MintedIdentity viewer = OtaCallers.of(admin.tenant(), Role.VIEWER);
        as(viewer).when().get("/api/v1/ota/check").then().statusCode(200)
                .body("latest_version", equalTo("3.1.0")).body("update_available", equalTo(true));
        byte[] downloaded = as(viewer).when().get("/api/v1/ota/" + id + "/download").then().statusCode(200)
                .extract().asByteArray();
        assertArrayEquals(bundle, downloaded);

        // AND the same name again is seed 000's 409, another name with the same version the record's 409
        upload(admin, name, bundle).statusCode(409).body("detail", equalTo("Bundle '" + name + "' already exists."));
        upload(admin, "other.tar.gz", bundle).statusCode(409).body("detail",
                equalTo("Firmware update already exists."));
        // AND names and versions are the tenant's own
        upload(OtaCallers.newTenant(Role.ADMIN), name, bundle).statusCode(201);
        // AND once the record is deleted, its bundle name is free again
        as(admin).when().delete("/api/v1/ota/" + id).then().statusCode(200);
        upload(admin, name, bundle).statusCode(201);
        assertNoTempFiles();
    }

    @Test
    void badBundlesAreRefusedAndLeaveNothing() throws Exception {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        byte[] good = tarGz(Map.of("manifest.json", "{\"version\":\"1.2.3\"}".getBytes(StandardCharsets.UTF_8)));

        upload(admin, "update.zip", good).statusCode(400).body("detail",
                equalTo("File must be a .tar.gz update bundle."));
        upload(admin, ".tar.gz", good).statusCode(400);
        upload(admin, "update.tar.gz", random(5000)).statusCode(400)
                .body("detail", startsWith("Bundle is not a valid .tar.gz archive"));
        upload(admin, "update.tar.gz", gzip(random(5000))).statusCode(400)
                .body("detail", startsWith("Bundle is not a valid .tar.gz archive"));
        upload(admin, "update.tar.gz", tarGz(Map.of("images.tar", random(100)))).statusCode(400)
                .body("detail", equalTo("Bundle has no manifest.json."));
        // Only the manifest at the root counts.
        upload(admin, "update.tar.gz", tarGz(Map.of("sub/manifest.json",
                "{\"version\":\"1.2.3\"}".getBytes(StandardCharsets.UTF_8)))).statusCode(400)
                .body("detail", equalTo("Bundle has no manifest.json."));
        upload(admin, "update.tar.gz", tarGz(Map.of("manifest.json", "{\"version\":\"1.2\"}"
                .getBytes(StandardCharsets.UTF_8)))).statusCode(400)
                .body("detail", startsWith("manifest.json 'version': Version must be strict semantic versioning"));
        upload(admin, "update.tar.gz", tarGz(Map.of("manifest.json", "[1]".getBytes(StandardCharsets.UTF_8))))
                .statusCode(400).body("detail", equalTo("manifest.json is not a JSON object."));
        given().header("Authorization", admin.bearer()).multiPart("other", "x").when().post("/api/v1/ota/upload")
                .then().statusCode(422).body("errors[0].loc[1]", equalTo("file"));
        as(admin).body("{}").when().post("/api/v1/ota/upload").then().statusCode(400);

        // Admins only (seed 000), and never without a credential
        given().header("Authorization", OtaCallers.of(admin.tenant(), Role.OPERATOR).bearer())
                .multiPart("file", "update.tar.gz", good).when().post("/api/v1/ota/upload").then().statusCode(403);
        given().multiPart("file", "update.tar.gz", good).when().post("/api/v1/ota/upload").then().statusCode(401);

        as(admin).when().get("/api/v1/ota").then().statusCode(200).body("total", equalTo(0));
        assertNoTempFiles();
    }

    @Test
    void aBundleOverTheLimitIsRefusedWith413() throws Exception {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        byte[] tooLarge = random(2 * 1024 * 1024 + 1);

        // A declared length above the limit is refused before the body is read.
        upload(admin, "big.tar.gz", tooLarge).statusCode(413).body("code", equalTo("payload_too_large"));
        // A chunked body is cut off once it passes the limit, with seed 000's message.
        byte[] body = multipart("big.tar.gz", tooLarge);
        HttpRequest chunked = HttpRequest.newBuilder(base.resolve("/api/v1/ota/upload"))
                .header("Authorization", admin.bearer())
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, answer.statusCode(), answer.body());
        assertEquals("Bundle exceeds maximum allowed size (2 MB).",
                new JsonObject(answer.body()).getString("detail"));

        as(admin).when().get("/api/v1/ota").then().body("total", equalTo(0));
        assertNoTempFiles();
    }

    private static ValidatableResponse upload(MintedIdentity admin, String fileName, byte[] bundle) {
        return given().header("Authorization", admin.bearer())
                .multiPart("file", fileName, bundle, "application/gzip")
                .when().post("/api/v1/ota/upload").then();
    }

    /** A .tar.gz of the given entries, in the map's order, written by the system's tar. */
    private byte[] tarGz(Map<String, byte[]> entries) throws Exception {
        Path dir = Files.createTempDirectory(work, "bundle");
        for (var entry : entries.entrySet()) {
            Path file = dir.resolve(entry.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue());
        }
        Path archive = work.resolve(dir.getFileName() + ".tar.gz");
        List<String> command = new ArrayList<>(List.of("tar", "-czf", archive.toString(), "-C",
                dir.toString()));
        command.addAll(entries.keySet());
        Process tar = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!tar.waitFor(30, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IOException("tar failed: " + output);
        }
        return Files.readAllBytes(archive);
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        }
        return out.toByteArray();
    }

    private static byte[] multipart(String fileName, byte[] file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/gzip\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(file);
        out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
