package io.fieldline.ota.artifact;

import static io.fieldline.ota.OtaCallers.as;
import static io.fieldline.ota.OtaCallers.createFirmware;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import io.fieldline.model.Role;
import io.fieldline.ota.OtaCallers;
import io.fieldline.ota.OtaConfig;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.MintedIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** Downloads by signed link: the download route redirects, and the link serves the artifact without a credential. */
@QuarkusTest
@TestProfile(ArtifactLinkTest.Links.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class ArtifactLinkTest {

    private static final String KEY = "a-test-signing-key-of-at-least-32-characters";

    public static class Links implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            // "/": links on the host the request came to (an Ingress sends /ota-artifacts/ there to ota-service).
            return Map.of("fieldline.ota.download-links.public-base-url", "/",
                    "fieldline.ota.download-links.signing-key", KEY);
        }
    }

    @Test
    void aDeviceIsRedirectedToASignedLinkThatServesTheArtifactWithRanges() {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        String id = createFirmware(admin, "1.0.0");
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        OtaCallers.upload(admin, id, content);
        MintedIdentity device = OtaCallers.of(admin.tenant(), Role.VIEWER);
        String path = "/api/v1/ota/" + id + "/download";

        // WHEN a device asks for the artifact
        String location = as(device).redirects().follow(false).when().get(path).then().statusCode(307)
                .header("Cache-Control", "no-store").extract().header("Location");

        // THEN it gets a link to this tenant's firmware, which needs no credential and serves whole files and ranges
        assertTrue(location.matches("/ota-artifacts/" + admin.tenant().value() + "/" + id
                + "\\?expires=\\d+&signature=[A-Za-z0-9_-]{43}"), location);
        byte[] whole = given().when().get(location).then().statusCode(200).header("Accept-Ranges", "bytes")
                .extract().asByteArray();
        assertArrayEquals(content, whole);
        // (a client that carries the gateway's credential over to the link is not refused for it)
        given().header("Authorization", "Bearer a-user-token-for-the-gateway").when().get(location).then()
                .statusCode(200);
        byte[] range = given().header("Range", "bytes=100-199").when().get(location).then().statusCode(206)
                .header("Content-Range", "bytes 100-199/" + content.length).extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(content, 100, 200), range);
        // AND a client that follows the redirect keeps its Range header (307)
        byte[] resumed = as(device).header("Range", "bytes=299990-").when().get(path).then().statusCode(206)
                .extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(content, 299_990, content.length), resumed);

        // AND callers the download route refuses get no link
        as(OtaCallers.newTenant(Role.ADMIN)).redirects().follow(false).when().get(path).then().statusCode(404);
        given().redirects().follow(false).when().get(path).then().statusCode(401);
        String withoutFile = createFirmware(admin, "1.0.1");
        as(device).redirects().follow(false).when().get("/api/v1/ota/" + withoutFile + "/download").then()
                .statusCode(404);
    }

    @Test
    void aTamperedOrExpiredLinkIsRefused() {
        MintedIdentity admin = OtaCallers.newTenant(Role.ADMIN);
        String id = createFirmware(admin, "1.0.0");
        OtaCallers.upload(admin, id, new byte[1000]);
        String other = createFirmware(admin, "1.0.1");
        OtaCallers.upload(admin, other, new byte[1000]);
        String link = as(admin).redirects().follow(false).when().get("/api/v1/ota/" + id + "/download").then()
                .statusCode(307).extract().header("Location");
        given().when().get(link).then().statusCode(200);

        // Another firmware, another tenant, another expiry or a changed signature: the signature no longer matches.
        given().when().get(link.replace(id, other)).then().statusCode(403)
                .body("detail", equalTo("Invalid or expired download link."));
        given().when().get(link.replace(admin.tenant().value(), OtaCallers.newTenant(Role.ADMIN).tenant().value()))
                .then().statusCode(403);
        given().when().get(link.replaceFirst("expires=\\d+", "expires=99999999999")).then().statusCode(403);
        given().when().get(link.substring(0, link.length() - 2) + "AA").then().statusCode(403);
        given().when().get(link.substring(0, link.indexOf('?'))).then().statusCode(403);

        // A link signed with the right key whose lifetime has passed.
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        URI expired = new ArtifactLinks(config(), anHourAgo).linkFor(admin.tenant(), id);
        given().when().get(expired.toString()).then().statusCode(403);
    }

    @Test
    void aPublicUrlWithoutAStrongEnoughKeyStopsTheStart() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new ArtifactLinks(config("too-short"), Clock.systemUTC()));
        assertTrue(refused.getMessage().contains("signing-key must have at least 32 characters"), refused.getMessage());
    }

    private static OtaConfig.DownloadLinks config() {
        return config(KEY);
    }

    private static OtaConfig.DownloadLinks config(String key) {
        return new OtaConfig.DownloadLinks() {

            @Override
            public Optional<URI> publicBaseUrl() {
                return Optional.of(URI.create("/"));
            }

            @Override
            public Optional<String> signingKey() {
                return Optional.of(key);
            }

            @Override
            public Duration lifetime() {
                return Duration.ofMinutes(15);
            }
        };
    }
}
