package io.fieldline.ota.artifact.s3;

import static io.fieldline.ota.OtaCallers.as;
import static io.fieldline.ota.OtaCallers.createFirmware;
import static io.fieldline.ota.TestArtifacts.assertNoTempFiles;
import static io.fieldline.ota.TestArtifacts.random;
import static io.fieldline.ota.TestArtifacts.sha256;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.HttpServer;
import io.fieldline.model.Role;
import io.fieldline.ota.OtaCallers;
import io.fieldline.ota.OtaConfig;
import io.fieldline.ota.firmware.service.ArtifactKeys;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.MintedIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The S3 store against a real S3-compatible server (s3proxy, which checks SigV4 signatures): uploads become objects,
 * downloads are redirected to presigned URLs that serve whole objects and ranges, apply re-hashes the object, and
 * failed uploads and deletions leave no object behind.
 */
@QuarkusTest
@TestProfile(S3ArtifactStorageTest.S3Store.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class S3ArtifactStorageTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** kind=s3 against the s3proxy of {@link S3ProxyResource}. */
    public static class S3Store implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3ProxyResource.class));
        }
    }

    @ConfigProperty(name = S3ProxyResource.DATA_DIRECTORY)
    Path data;

    @ConfigProperty(name = "fieldline.ota.storage.s3.endpoint")
    URI endpoint;

    @Test
    void anUploadBecomesAnObjectThatDevicesDownloadByPresignedUrlWithRanges() throws Exception {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        String id = createFirmware(admin, "1.0.0");
        byte[] content = random(1_500_000);
        String hash = sha256(content);

        // WHEN the artifact is uploaded
        given().header("Authorization", admin.bearer()).multiPart("file_hash_sha256", hash)
                .multiPart("file", "fw.bin", content, "application/octet-stream")
                .when().post("/api/v1/ota/" + id + "/upload").then().statusCode(201);

        // THEN it is an object in the bucket, and no temp file remains
        String key = ArtifactKeys.of(admin.tenant(), id);
        assertArrayEquals(content, Files.readAllBytes(object(key)));
        assertNoTempFiles();

        // AND a device is redirected to a presigned URL of the object, never cached
        MintedIdentity device = OtaCallers.of(admin.tenant(), Role.VIEWER);
        String location = as(device).redirects().follow(false).when().get("/api/v1/ota/" + id + "/download").then()
                .statusCode(307).header("Cache-Control", "no-store").extract().header("Location");
        assertTrue(location.startsWith(endpoint + "/" + S3ProxyResource.BUCKET + "/" + key
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="), location);
        assertTrue(location.contains("&X-Amz-Expires=900&"), location);

        // AND the URL serves the whole object without any credential, and single ranges for resuming
        HttpResponse<byte[]> whole = get(location, Map.of());
        assertEquals(200, whole.statusCode());
        assertArrayEquals(content, whole.body());
        HttpResponse<byte[]> range = get(location, Map.of("Range", "bytes=1000-1999"));
        assertEquals(206, range.statusCode());
        assertEquals("bytes 1000-1999/" + content.length, range.headers().firstValue("Content-Range").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(content, 1000, 2000), range.body());
        HttpResponse<byte[]> resumed = get(location, Map.of("Range", "bytes=1499000-"));
        assertEquals(206, resumed.statusCode());
        assertArrayEquals(Arrays.copyOfRange(content, 1_499_000, content.length), resumed.body());

        // AND callers the download route refuses get no URL
        as(OtaCallers.newTenant(Role.ADMIN)).redirects().follow(false).when().get("/api/v1/ota/" + id + "/download")
                .then().statusCode(404);
        given().redirects().follow(false).when().get("/api/v1/ota/" + id + "/download").then().statusCode(401);
    }

    @Test
    void aTamperedOrExpiredPresignedUrlIsRefusedByTheStore() throws Exception {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        String id = createFirmware(admin, "1.0.0");
        OtaCallers.upload(admin, id, random(1000));
        String other = createFirmware(admin, "1.0.1");
        OtaCallers.upload(admin, other, random(1000));
        String location = as(admin).redirects().follow(false).when().get("/api/v1/ota/" + id + "/download").then()
                .statusCode(307).extract().header("Location");
        assertEquals(200, get(location, Map.of()).statusCode());

        // Another object, a longer lifetime or a changed signature: the signature no longer matches.
        assertEquals(403, get(location.replace(id, other), Map.of()).statusCode());
        assertEquals(403, get(location.replace("X-Amz-Expires=900", "X-Amz-Expires=9000"), Map.of()).statusCode());
        String signature = location.substring(location.length() - 64);
        String changed = signature.charAt(0) == 'a' ? "b" + signature.substring(1) : "a" + signature.substring(1);
        assertEquals(403, get(location.replace(signature, changed), Map.of()).statusCode());
        assertEquals(403, get(location.substring(0, location.indexOf('?')), Map.of()).statusCode());

        // A URL signed with the right key whose lifetime has passed.
        S3Address address = S3Address.of(endpoint, S3ProxyResource.BUCKET, true);
        String key = ArtifactKeys.of(admin.tenant(), id);
        String query = new SigV4Signer(S3ProxyResource.ACCESS_KEY, S3ProxyResource.SECRET_KEY, "us-east-1")
                .presignQuery("GET", address.path(key), address.hostHeader(), Duration.ofMinutes(1),
                        Instant.now().minus(Duration.ofHours(1)));
        assertEquals(403, get(address.url(key, query).toString(), Map.of()).statusCode());
    }

    @Test
    void aHashMismatchLeavesNoObject() throws Exception {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        String id = as(admin).body("{\"version\":\"1.0.0\",\"file_hash_sha256\":\"" + sha256(random(10)) + "\"}")
                .when().post("/api/v1/ota").then().statusCode(201).extract().path("public_id");

        given().header("Authorization", admin.bearer()).multiPart("file", "fw.bin", random(10_000))
                .when().post("/api/v1/ota/" + id + "/upload").then().statusCode(400)
                .body("detail", equalTo("SHA-256 hash verification failed"));

        assertFalse(Files.exists(object(ArtifactKeys.of(admin.tenant(), id))));
        as(admin).when().get("/api/v1/ota/" + id).then().body("has_firmware_file", equalTo(false));
        as(admin).redirects().follow(false).when().get("/api/v1/ota/" + id + "/download").then().statusCode(404);
        assertNoTempFiles();
    }

    @Test
    void applyReHashesTheObjectInTheStore() throws Exception {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        String intact = createFirmware(admin, "1.0.0");
        OtaCallers.upload(admin, intact, random(300_000));
        String altered = createFirmware(admin, "1.0.1");
        OtaCallers.upload(admin, altered, random(300_000));

        // GIVEN one object changed in the store behind the service's back
        Files.write(object(ArtifactKeys.of(admin.tenant(), altered)), random(300_000));

        // THEN apply completes the intact one and fails the altered one
        as(admin).when().post("/api/v1/ota/" + intact + "/apply").then().statusCode(200);
        as(admin).when().get("/api/v1/ota/" + intact).then().body("status", equalTo("completed"));
        as(admin).when().post("/api/v1/ota/" + altered + "/apply").then().statusCode(400)
                .body("detail", equalTo("SHA-256 hash verification failed"));
        as(admin).when().get("/api/v1/ota/" + altered).then().body("status", equalTo("failed"));
    }

    @Test
    void applyWithADownloadUrlStoresTheFileAsAnObject() throws Exception {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        String id = createFirmware(admin, "1.0.0");
        byte[] bundle = random(200_000);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fw.bin", exchange -> {
            exchange.sendResponseHeaders(200, bundle.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bundle);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/fw.bin";
            as(admin).body("{\"download_url\":\"" + url + "\",\"file_hash_sha256\":\"" + sha256(bundle) + "\"}")
                    .when().post("/api/v1/ota/" + id + "/apply").then().statusCode(200);
        } finally {
            server.stop(0);
        }
        assertArrayEquals(bundle, Files.readAllBytes(object(ArtifactKeys.of(admin.tenant(), id))));
        assertNoTempFiles();
    }

    @Test
    void deletingAFirmwareDeletesItsObject() throws Exception {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        String id = createFirmware(admin, "1.0.0");
        OtaCallers.upload(admin, id, random(5000));
        Path object = object(ArtifactKeys.of(admin.tenant(), id));
        assertTrue(Files.exists(object));

        as(admin).when().delete("/api/v1/ota/" + id).then().statusCode(200);

        assertFalse(Files.exists(object));
    }

    @Test
    void aMissingObjectIsAMissingFile() throws Exception {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        String id = createFirmware(admin, "1.0.0");
        OtaCallers.upload(admin, id, random(5000));

        Files.delete(object(ArtifactKeys.of(admin.tenant(), id)));

        as(admin).redirects().follow(false).when().get("/api/v1/ota/" + id + "/download").then().statusCode(404);
    }

    @Test
    void anIncompleteS3ConfigurationStopsTheStart() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> S3ArtifactStorage.create(unconfigured(), null, null));
        assertEquals("fieldline.ota.storage.kind=s3 is not configured: "
                + "fieldline.ota.storage.s3.endpoint is required (env FIELDLINE_OTA_STORAGE_S3_ENDPOINT); "
                + "fieldline.ota.storage.s3.bucket is required (env FIELDLINE_OTA_STORAGE_S3_BUCKET); "
                + "fieldline.ota.storage.s3.access-key is required (env FIELDLINE_OTA_STORAGE_S3_ACCESS_KEY); "
                + "fieldline.ota.storage.s3.secret-key is required (env FIELDLINE_OTA_STORAGE_S3_SECRET_KEY)",
                refused.getMessage());
    }

    private Path object(String key) {
        return data.resolve(S3ProxyResource.BUCKET).resolve(key);
    }

    private static HttpResponse<byte[]> get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static OtaConfig.S3 unconfigured() {
        return new OtaConfig.S3() {

            @Override
            public Optional<URI> endpoint() {
                return Optional.empty();
            }

            @Override
            public Optional<String> bucket() {
                return Optional.empty();
            }

            @Override
            public String region() {
                return "us-east-1";
            }

            @Override
            public Optional<String> accessKey() {
                return Optional.empty();
            }

            @Override
            public Optional<String> secretKey() {
                return Optional.of(" ");
            }

            @Override
            public boolean pathStyle() {
                return true;
            }

            @Override
            public Duration presignLifetime() {
                return Duration.ofMinutes(15);
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Duration requestTimeout() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration transferTimeout() {
                return Duration.ofMinutes(15);
            }
        };
    }
}
