package io.fieldline.deploy;

import static io.fieldline.deploy.SuiteHttp.assertError;
import static io.fieldline.deploy.SuiteHttp.assertRequestId;
import static io.fieldline.deploy.SuiteHttp.describe;
import static io.fieldline.deploy.SuiteHttp.get;
import static io.fieldline.deploy.SuiteHttp.json;
import static io.fieldline.deploy.SuiteHttp.login;
import static io.fieldline.deploy.SuiteHttp.loginBearer;
import static io.fieldline.deploy.SuiteHttp.parseOrNull;
import static io.fieldline.deploy.SuiteHttp.post;
import static io.fieldline.deploy.SuiteHttp.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * System test of the whole suite as {@code ./deploy/run} starts it: the packaged service jars (the gateway as two
 * replicas), a Kafka broker JVM and a real PostgreSQL, on free ports in a temporary data dir, checked over HTTP
 * only. Gateway calls use real logins of the initial admin.
 */
class SuiteIT {

    /** A path under each backend service's gateway prefix (the gateway forwards it unchanged). */
    private static final Map<Service, String> PATHS = Map.of(
            Service.INGEST, "/api/v1/events",
            Service.RULES, "/api/v1/rules",
            Service.WEBHOOK, "/api/v1/webhooks",
            Service.OTA, "/api/v1/ota");
    /** Statuses that would mean the gateway rejected the credential or could not reach the service. */
    private static final Set<Integer> NOT_ROUTED = Set.of(401, 502, 503, 504);
    private static final String ADMIN_EMAIL = "admin@suite.test";
    private static final String ADMIN_PASSWORD = "suite-admin-password";

    /** Notes a failure, so that the data dir and its logs are kept for a look afterwards. */
    @RegisterExtension
    static final TestWatcher FAILURES = new TestWatcher() {

        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            failed = true;
        }
    };

    private static volatile boolean failed;
    private static Path dataDir;
    private static RunningStack stack;
    private static Tokens tokens;
    /** The initial admin's session for the routing checks, logged in once: the gateway limits /auth calls per IP. */
    private static String adminBearer;

    @BeforeAll
    static void startStack() throws IOException {
        dataDir = Files.createTempDirectory("fieldline-suite-");
        StackOptions.Builder options = TestStacks.onFreePorts(dataDir, 2, ADMIN_EMAIL, ADMIN_PASSWORD);
        System.out.println("SuiteIT: starting the stack in " + dataDir);
        try {
            stack = DevStack.start(options.build());
            System.out.printf("SuiteIT: stack ready in %.1f s%n", stack.timeToReady().toMillis() / 1e3);
            tokens = new Tokens(stack.identityKeys());
            adminBearer = loginBearer(stack.gatewayUrl(), ADMIN_EMAIL, ADMIN_PASSWORD);
        } catch (RuntimeException | AssertionError e) {
            failed = true;
            throw e;
        }
    }

    @AfterAll
    static void stopStack() throws IOException {
        if (stack != null) {
            long start = System.nanoTime();
            stack.close();
            System.out.printf("SuiteIT: stack stopped in %.1f s%n", (System.nanoTime() - start) / 1e9);
        }
        if (failed) {
            System.out.println("SuiteIT: failed; the services' logs are kept in " + dataDir.resolve("logs"));
        } else if (dataDir != null) {
            TestStacks.deleteTree(dataDir);
        }
    }

    @Test
    void gatewayHealthReportsDatabaseAndAllServicesUp() {
        // The gateway may learn the services' state a moment after they turned ready.
        awaitHealth("ok", "ok", "UP", Duration.ofSeconds(30));
        HttpResponse<String> response = get(stack.gatewayUrl().resolve("/health"), null);
        JsonNode health = json(response);
        assertEquals(200, response.statusCode());
        assertEquals("ok", health.path("status").asText(), response.body());
        assertEquals("ok", health.path("database").asText(), response.body());
        for (Service service : PATHS.keySet()) {
            assertEquals("UP", health.path("services").path(service.moduleName()).asText(), response.body());
        }
        assertRequestId(response);
    }

    @ParameterizedTest
    @EnumSource(names = { "INGEST", "RULES", "WEBHOOK", "OTA" })
    void gatewayRoutesAUserToEachService(Service service) {
        // GIVEN the initial admin, logged in
        String bearer = adminBearer;
        URI uri = stack.gatewayUrl().resolve(PATHS.get(service));

        // WHEN the user calls a path under the service's prefix, THEN the service itself answers (404 while
        // the foundation has no such endpoint yet, 200 once it has)
        HttpResponse<String> routed = get(uri, bearer);
        assertFalse(NOT_ROUTED.contains(routed.statusCode()), () -> describe(routed));
        assertTrue(json(routed).isObject(), () -> describe(routed));
        assertRequestId(routed);

        // WHEN the call has no credential, THEN the gateway refuses it
        HttpResponse<String> anonymous = get(uri, null);
        assertEquals(401, anonymous.statusCode(), () -> describe(anonymous));
        assertEquals("unauthorized", json(anonymous).path("code").asText(), () -> describe(anonymous));
        assertRequestId(anonymous);
    }

    @ParameterizedTest
    @EnumSource(names = { "INGEST", "RULES", "WEBHOOK", "OTA" })
    void servicesCalledDirectlyWantAnInternalToken(Service service) {
        TenantId tenant = Tokens.randomTenant();
        URI uri = stack.serviceUrl(service).resolve(PATHS.get(service));

        HttpResponse<String> anonymous = get(uri, null);
        assertEquals(401, anonymous.statusCode(), () -> describe(anonymous));
        assertRequestId(anonymous);

        HttpResponse<String> internal = get(uri, tokens.internal(tenant, Role.ADMIN).bearer());
        assertNotEquals(401, internal.statusCode(), () -> describe(internal));
        assertRequestId(internal);
    }

    @Test
    void aLogoutOnOneReplicaRevokesTheTokenAtOnceOnEveryReplica() {
        // GIVEN the admin logged in through replica 1, and that token accepted by replica 2
        List<URI> gateways = stack.gatewayUrls();
        assertEquals(2, gateways.size(), gateways::toString);
        String bearer = loginBearer(gateways.get(0), ADMIN_EMAIL, ADMIN_PASSWORD);
        URI meOnReplica2 = gateways.get(1).resolve("/api/v1/auth/me");
        for (int call = 0; call < 2; call++) { // the second answered from replica 2's identity cache
            HttpResponse<String> before = get(meOnReplica2, bearer);
            assertEquals(200, before.statusCode(), () -> describe(before));
            assertEquals(ADMIN_EMAIL, json(before).path("email").asText(), () -> describe(before));
        }

        // WHEN the admin logs out on replica 1
        HttpResponse<String> logout = post(gateways.get(0).resolve("/api/v1/auth/logout"), bearer, Map.of());
        assertEquals(200, logout.statusCode(), () -> describe(logout));

        // THEN the very next call on replica 2 is refused: the logout answered once the revocation's notification
        // had been sent to every replica
        HttpResponse<String> after = get(meOnReplica2, bearer);
        assertError(after, 401, "Token has been revoked.");
        assertRequestId(after);
    }

    @Test
    void aRoleChangedOnOneReplicaHoldsAtOnceOnEveryReplica() {
        // GIVEN a second admin, whose token reads the audit trail through replica 2 (twice: the second from its cache)
        List<URI> gateways = stack.gatewayUrls();
        String admin = loginBearer(gateways.get(0), ADMIN_EMAIL, ADMIN_PASSWORD);
        String email = "auditor-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        HttpResponse<String> created = post(gateways.get(0).resolve("/api/v1/users"), admin, Map.of("email", email,
                "username", email.substring(0, 16), "password", "auditor-password", "role", "admin"));
        assertEquals(201, created.statusCode(), () -> describe(created));
        String auditor = loginBearer(gateways.get(0), email, "auditor-password");
        URI auditOnReplica2 = gateways.get(1).resolve("/api/v1/audit/events");
        for (int call = 0; call < 2; call++) {
            HttpResponse<String> before = get(auditOnReplica2, auditor);
            assertEquals(200, before.statusCode(), () -> describe(before));
        }

        // WHEN the first admin makes them a viewer through replica 1
        String id = json(created).path("public_id").asText();
        HttpResponse<String> demoted = put(gateways.get(0).resolve("/api/v1/users/" + id), admin,
                Map.of("role", "viewer"));
        assertEquals(200, demoted.statusCode(), () -> describe(demoted));

        // THEN their very next call on replica 2 acts as a viewer
        HttpResponse<String> after = get(auditOnReplica2, auditor);
        assertEquals(403, after.statusCode(), () -> describe(after));
    }

    @Test
    void aValidlySignedTokenOfNoUserInTheDatabaseIsRefused() {
        // A token signed with the gateway's own key but naming no user: the database, not the signature, decides.
        String forged = tokens.user(Tokens.randomTenant(), Role.ADMIN).bearer();

        HttpResponse<String> response = get(stack.gatewayUrl().resolve(PATHS.get(Service.INGEST)), forged);

        assertError(response, 401, "User not found.");
    }

    @Test
    void aWrongPasswordIsRefusedByThePackagedGateway() {
        HttpResponse<String> response = login(stack.gatewayUrl(), ADMIN_EMAIL, ADMIN_PASSWORD + "-wrong");

        assertError(response, 401, "Invalid email or password.");
        assertRequestId(response);
    }

    @Test
    void aPostgresOutageMakesEveryServiceNotReadyUntilItReturns() {
        long stopped = System.nanoTime();
        stack.stopPostgres();
        try {
            Await.until("every service not ready without PostgreSQL", Duration.ofSeconds(15),
                    () -> allReadiness(503));
            awaitHealth("degraded", "error", null, Duration.ofSeconds(15));
            System.out.printf("SuiteIT: all not ready %.1f s after PostgreSQL stopped%n",
                    (System.nanoTime() - stopped) / 1e9);
        } finally {
            // Restart even when the outage checks failed, so the other tests still see a working stack.
            long restarted = System.nanoTime();
            stack.restartPostgres();
            Await.until("every service ready again", Duration.ofSeconds(30), () -> allReadiness(200));
            awaitHealth("ok", "ok", null, Duration.ofSeconds(30));
            System.out.printf("SuiteIT: all ready %.1f s after PostgreSQL restarted%n",
                    (System.nanoTime() - restarted) / 1e9);
        }
    }

    /** Awaits gateway health with the given status and database state (and every service in that state). */
    private static void awaitHealth(String status, String database, String services, Duration deadline) {
        List<String> last = new ArrayList<>(List.of("(no answer)"));
        try {
            Await.until("gateway /health status " + status + ", database " + database, deadline, () -> {
                HttpResponse<String> response = get(stack.gatewayUrl().resolve("/health"), null);
                last.set(0, response.statusCode() + " " + response.body());
                JsonNode health = parseOrNull(response.body());
                if (health == null) {
                    return false;
                }
                boolean servicesMatch = services == null || PATHS.keySet().stream()
                        .allMatch(s -> services.equals(health.path("services").path(s.moduleName()).asText()));
                return response.statusCode() == 200 && status.equals(health.path("status").asText())
                        && database.equals(health.path("database").asText()) && servicesMatch;
            });
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "; last /health answer: " + last.get(0), e);
        }
    }

    private static boolean allReadiness(int expected) {
        List<URI> processes = new ArrayList<>(stack.gatewayUrls());
        for (Service service : Service.values()) {
            if (service.isBackend()) {
                processes.add(stack.serviceUrl(service));
            }
        }
        for (URI process : processes) {
            if (get(process.resolve("/q/health/ready"), null).statusCode() != expected) {
                return false;
            }
        }
        return true;
    }
}
