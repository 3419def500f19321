package io.fieldline.gateway.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import io.fieldline.gateway.TestAccounts;
import io.fieldline.gateway.TestQueries;
import io.fieldline.gateway.user.service.InitialAdmin;
import io.fieldline.gateway.user.service.InitialAdmin.Created;
import io.fieldline.gateway.user.service.InitialAdmin.Settings;
import io.fieldline.gateway.user.store.InitialAdminStore;
import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The start-up bootstrap of the first superadmin, called directly with its settings. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
class InitialAdminTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    InitialAdmin initialAdmin;

    @BeforeEach
    void noSuperadminExists() {
        // The bootstrap only acts on a platform without superadmins; other tests' superadmins are throw-away.
        TestAccounts.execute("DELETE FROM app_user WHERE role = 'superadmin'");
    }

    @Test
    void createsTheFirstTenantAndASuperadminWhoManagesTenants() {
        // GIVEN settings for the first admin
        Settings settings = settings(randomEmail(), "initial-secret");

        // WHEN the bootstrap runs
        Created created = initialAdmin.create(settings).await().atMost(WAIT).orElseThrow();

        // THEN tenant and superadmin exist, with the password hashed
        assertEquals("First tenant", TestQueries.text("SELECT name FROM tenant WHERE slug = ?", settings.tenantSlug()));
        assertEquals(created.tenantPublicId(),
                TestQueries.text("SELECT public_id FROM tenant WHERE slug = ?", settings.tenantSlug()));
        assertEquals("superadmin", TestQueries.text("SELECT role FROM app_user WHERE public_id = ? AND email = ?",
                created.userPublicId(), settings.email()));
        assertTrue(BcryptUtil.matches("initial-secret",
                TestQueries.text("SELECT password_hash FROM app_user WHERE public_id = ?", created.userPublicId())));

        // AND the superadmin can manage tenants
        String token = TestAccounts.accessToken(created.userPublicId(), TenantId.of(created.tenantPublicId()),
                Role.SUPERADMIN);
        given().header("Authorization", "Bearer " + token).get("/api/v1/tenants?page_size=100").then()
                .statusCode(200).body("data.public_id", hasItem(created.tenantPublicId()));

        // AND a second start creates nothing more
        Settings again = settings(randomEmail(), "another-secret");
        assertEquals(Optional.empty(), initialAdmin.create(again).await().atMost(WAIT));
        assertEquals(0, usersWithEmail(again.email()));
        assertEquals(0, TestQueries.number("SELECT count(*) FROM tenant WHERE slug = ?", again.tenantSlug()));
    }

    @Test
    void aShortPasswordCreatesNothing() {
        Settings settings = settings(randomEmail(), "1234567");

        assertEquals(Optional.empty(), initialAdmin.create(settings).await().atMost(WAIT));

        assertEquals(0, superadmins());
        assertEquals(0, TestQueries.number("SELECT count(*) FROM tenant WHERE slug = ?", settings.tenantSlug()));
    }

    @Test
    void anEmailThatIsTakenCreatesNothing() {
        // GIVEN a user who has the configured email already
        String email = TestAccounts.newTenantWith(Role.VIEWER).email();
        Settings settings = settings(email, "initial-secret");

        // WHEN the bootstrap runs THEN neither the superadmin nor its tenant is created
        assertEquals(Optional.empty(), initialAdmin.create(settings).await().atMost(WAIT));
        assertEquals(0, superadmins());
        assertEquals(0, TestQueries.number("SELECT count(*) FROM tenant WHERE slug = ?", settings.tenantSlug()));
    }

    @Test
    void replicasStartingAtOnceCreateOneSuperadmin() throws Exception {
        String slug = randomSlug();
        try (Connection blocker = TestQueries.connect()) {
            // GIVEN the bootstrap lock is held, so that two starting replicas both queue on it
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, InitialAdminStore.LOCK_KEY);
                lock.execute();
            }
            List<CompletableFuture<Optional<Created>>> starts = List.of(start(slug), start(slug));
            Await.until("both replicas waiting for the lock", WAIT, () -> TestQueries.number(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") == 2);

            // WHEN the lock is released
            blocker.commit();

            // THEN exactly one superadmin and one tenant exist
            long created = starts.stream().map(CompletableFuture::join).filter(Optional::isPresent).count();
            assertEquals(1, created);
        }
        assertEquals(1, superadmins());
        assertEquals(1, TestQueries.number("SELECT count(*) FROM tenant WHERE slug = ?", slug));
    }

    private CompletableFuture<Optional<Created>> start(String slug) {
        return initialAdmin.create(new Settings(randomEmail(), "initial-secret", "admin", "Default", slug))
                .subscribeAsCompletionStage();
    }

    private static Settings settings(String email, String password) {
        return new Settings(email, password, "admin", "First tenant", randomSlug());
    }

    private static long superadmins() {
        return TestQueries.number("SELECT count(*) FROM app_user WHERE role = 'superadmin'");
    }

    private static long usersWithEmail(String email) {
        return TestQueries.number("SELECT count(*) FROM app_user WHERE email = ?", email);
    }

    private static String randomEmail() {
        return "root-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static String randomSlug() {
        return "first-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
