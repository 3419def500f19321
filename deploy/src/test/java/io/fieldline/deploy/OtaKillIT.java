package io.fieldline.deploy;

import static io.fieldline.deploy.SuiteHttp.describe;
import static io.fieldline.deploy.SuiteHttp.json;
import static io.fieldline.deploy.SuiteHttp.loginBearer;
import static io.fieldline.deploy.SuiteHttp.post;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 8's crash drill on the packaged stack: ota-service is killed with SIGKILL in the middle of a staged rollout
 * (canary done, second group under way, one device silent) and restarted. The rollout continues where it was: the
 * second group's devices finish, the silent one times out into failed on the restarted service's sweep, the last
 * group starts and the rollout completes; a signed download link handed out before the kill still serves the
 * artifact afterwards.
 */
class OtaKillIT {

    private static final String ADMIN_EMAIL = "admin@ota-drill.test";
    private static final String ADMIN_PASSWORD = "ota-drill-admin-password";
    /** Long enough for the kill and the restart (the open devices must not all time out meanwhile). */
    private static final int DEVICE_TIMEOUT_SECONDS = 40;
    private static final Duration SETTLE = Duration.ofSeconds(DEVICE_TIMEOUT_SECONDS + 60);

    private static Path dataDir;
    private static RunningStack stack;
    private static boolean failed = true;

    @BeforeAll
    static void startStack() throws Exception {
        dataDir = Files.createTempDirectory("fieldline-ota-drill-");
        System.out.println("OtaKillIT: starting the stack in " + dataDir);
        StackOptions.Builder options = TestStacks.onFreePorts(dataDir, 1, ADMIN_EMAIL, ADMIN_PASSWORD)
                .serviceEnvironment("FIELDLINE_OTA_ROLLOUT_SWEEP_INTERVAL", "1S");
        stack = DevStack.start(options.build());
    }

    @AfterAll
    static void stopStack() throws Exception {
        TestStacks.stop("OtaKillIT", stack, dataDir, failed);
    }

    @Test
    void aKilledOtaServiceContinuesTheRolloutWhereItWas() throws Exception {
        // GIVEN a firmware with an artifact, rolled out to ten devices: a canary of 2, then up to 50 %, then the rest
        URI gateway = stack.gatewayUrl();
        String session = loginBearer(gateway, ADMIN_EMAIL, ADMIN_PASSWORD);
        HttpResponse<String> created = post(gateway.resolve("/api/v1/ota"), session, Map.of("version", "3.1.4"));
        assertEquals(201, created.statusCode(), () -> describe(created));
        String firmware = json(created).path("public_id").asText();
        byte[] artifact = new byte[200_000];
        new Random(8).nextBytes(artifact);
        upload(gateway, session, firmware, artifact);
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            devices.add("drill-" + i);
        }
        HttpResponse<String> started = post(gateway.resolve("/api/v1/ota/rollouts"), session,
                Map.of("firmware_id", firmware, "device_ids", devices, "canary_size", 2,
                        "group_percentages", List.of(50, 100), "success_threshold", 60, "error_threshold", 50,
                        "device_timeout_seconds", DEVICE_TIMEOUT_SECONDS));
        assertEquals(201, started.statusCode(), () -> describe(started));
        String rollout = json(started).path("public_id").asText();

        // AND the canary completed, two devices of the second group started, one of which then falls silent
        for (String device : devices.subList(0, 2)) {
            report(gateway, session, device, "completed");
        }
        assertEquals(1, rollout(gateway, session, rollout).path("current_group").asInt());
        report(gateway, session, "drill-2", "downloading");
        report(gateway, session, "drill-3", "downloading");
        String link = downloadLink(gateway, session, firmware);

        // WHEN ota-service is killed -9 and restarted
        stack.killService(Service.OTA);
        stack.restartService(Service.OTA);
        System.out.println("OtaKillIT: ota-service killed and restarted");

        // THEN the rollout is where it was
        JsonNode after = rollout(gateway, session, rollout);
        assertEquals("running", after.path("status").asText(), after::toString);
        assertEquals(1, after.path("current_group").asInt(), after::toString);
        assertEquals(2, after.path("progress").path("completed").asInt(), after::toString);
        assertTrue(checkIn(gateway, session, "drill-4").path("update_available").asBoolean());
        assertTrue(!checkIn(gateway, session, "drill-5").path("update_available").asBoolean());
        // AND the link handed out before the kill still serves the artifact
        assertArrayEquals(artifact, fetch(link));

        // WHEN the second group's other devices finish, THEN the last group starts; when it finishes, and the
        // silent device has timed out on the restarted service's sweep, the rollout is completed
        report(gateway, session, "drill-3", "completed");
        report(gateway, session, "drill-4", "completed");
        assertTrue(checkIn(gateway, session, "drill-5").path("update_available").asBoolean());
        for (String device : devices.subList(5, 10)) {
            report(gateway, session, device, "completed");
        }
        JsonNode done = awaitRollout(gateway, session, rollout,
                r -> r.path("status").asText().equals("completed") && r.path("progress").path("failed").asInt() == 1);
        assertEquals(9, done.path("progress").path("completed").asInt(), done::toString);
        JsonNode silent = checkIn(gateway, session, "drill-2");
        assertEquals("failed", silent.path("status").asText(), silent::toString);
        failed = false;
    }

    private static void upload(URI gateway, String session, String firmware, byte[] content) throws Exception {
        String boundary = "ota-drill-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"fw.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(UTF_8));
        HttpResponse<String> uploaded = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(gateway.resolve("/api/v1/ota/" + firmware + "/upload")).header("Authorization", session)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, uploaded.statusCode(), () -> describe(uploaded));
    }

    /** The gateway answers a device's download with a 307 to ota-service's signed link (deploy/run's setting). */
    private static String downloadLink(URI gateway, String session, String firmware) {
        HttpResponse<String> redirect = SuiteHttp.get(gateway.resolve("/api/v1/ota/" + firmware + "/download"),
                session);
        assertEquals(307, redirect.statusCode(), () -> describe(redirect));
        return redirect.headers().firstValue("Location").orElseThrow();
    }

    /** Downloads a link without any credential. */
    private static byte[] fetch(String link) throws Exception {
        HttpResponse<byte[]> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, got.statusCode(), () -> link + " answered " + got.statusCode());
        return got.body();
    }

    private static void report(URI gateway, String session, String device, String status) {
        HttpResponse<String> reported = post(gateway.resolve("/api/v1/ota/devices/" + device + "/status"), session,
                Map.of("status", status));
        assertEquals(200, reported.statusCode(), () -> device + " " + status + ": " + describe(reported));
    }

    private static JsonNode checkIn(URI gateway, String session, String device) {
        HttpResponse<String> answer = SuiteHttp.get(gateway.resolve("/api/v1/ota/devices/" + device + "/update"),
                session);
        assertEquals(200, answer.statusCode(), () -> describe(answer));
        return json(answer);
    }

    private static JsonNode rollout(URI gateway, String session, String rollout) {
        HttpResponse<String> answer = SuiteHttp.get(gateway.resolve("/api/v1/ota/rollouts/" + rollout), session);
        assertEquals(200, answer.statusCode(), () -> describe(answer));
        return json(answer);
    }

    private static JsonNode awaitRollout(URI gateway, String session, String rollout, Predicate<JsonNode> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            JsonNode current = rollout(gateway, session, rollout);
            if (done.test(current)) {
                return current;
            }
            assertTrue(System.nanoTime() < deadline, () -> "rollout not finished after " + SETTLE + ": " + current);
            Thread.sleep(500);
        }
    }
}
