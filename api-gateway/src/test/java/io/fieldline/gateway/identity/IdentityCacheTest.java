package io.fieldline.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;

import jakarta.inject.Inject;

import io.fieldline.gateway.StubServicesResource;
import io.fieldline.gateway.TestAccounts;
import io.fieldline.gateway.TestQueries;
import io.fieldline.gateway.token.TokenFixtures;
import io.fieldline.model.Role;
import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.fieldline.testsupport.SilentChanges;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What authentication reads is cached per replica and emptied by PostgreSQL's notifications. The tests change rows
 * with the notifying triggers switched off, so that only the cache can explain an old answer, then notify by hand.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
@QuarkusTestResource(StubServicesResource.class)
class IdentityCacheTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    IdentityCache cache;

    @BeforeEach
    void listening() {
        Await.until("the cache listens for identity changes", WAIT, cache::listening);
    }

    @Test
    void aUsersAccountIsReadOnceAndReadAgainAfterANotification() {
        // GIVEN an admin whose two tokens are listed (every token of the tenant, as an admin sees them)
        var admin = TestAccounts.newTenantWith(Role.ADMIN);
        TokenFixtures.create(admin);
        TokenFixtures.create(TestAccounts.addUser(admin.tenant(), Role.VIEWER));
        tokensListed(admin.bearer(), 2);

        // WHEN the admin is demoted without a notification THEN the cached account still acts as admin
        silently("app_user", "UPDATE app_user SET role = 'viewer' WHERE public_id = ?", admin.userPublicId());
        tokensListed(admin.bearer(), 2);

        // WHEN the change is notified THEN the very next request reads the viewer's role
        TestQueries.changeIdentity("SELECT pg_notify('fieldline_identity', '')");
        tokensListed(admin.bearer(), 1);
    }

    @Test
    void anApiTokenIsReadOnceAndRefusedAfterItsDeletionIsNotified() {
        // GIVEN an admin's API token that was used once
        var admin = TestAccounts.newTenantWith(Role.ADMIN);
        var token = TokenFixtures.create(admin);
        tokensListed("Bearer " + token.plaintext(), 1);

        // WHEN it is deleted without a notification THEN the cached token still works
        silently("api_token", "DELETE FROM api_token WHERE public_id = ?", token.publicId());
        tokensListed("Bearer " + token.plaintext(), 0);

        // WHEN the deletion is notified THEN it is refused
        TestQueries.changeIdentity("SELECT pg_notify('fieldline_identity', '')");
        given().header("Authorization", "Bearer " + token.plaintext()).when().get("/api/v1/tokens")
                .then().statusCode(401).body("detail", equalTo("Invalid API token."));
    }

    @Test
    void aChangeMadeWhileNoConnectionListensIsNeverHiddenByTheCache() {
        // GIVEN an admin's account in the cache
        var admin = TestAccounts.newTenantWith(Role.ADMIN);
        TokenFixtures.create(TestAccounts.addUser(admin.tenant(), Role.VIEWER));
        tokensListed(admin.bearer(), 1);

        // WHEN the listening connection is lost, and the admin is demoted while no notification can arrive
        TestQueries.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?",
                IdentityCache.APPLICATION_NAME);
        Await.until("the cache notices the lost connection", WAIT, () -> !cache.listening());
        silently("app_user", "UPDATE app_user SET role = 'viewer' WHERE public_id = ?", admin.userPublicId());

        // THEN the demotion holds at once (the cache is bypassed, or was emptied if it listens again already)
        tokensListed(admin.bearer(), 0);
        // AND once it listens again, the cache serves again (a silent promotion is not seen)
        Await.until("the cache listens again", WAIT, cache::listening);
        tokensListed(admin.bearer(), 0);
        silently("app_user", "UPDATE app_user SET role = 'admin' WHERE public_id = ?", admin.userPublicId());
        tokensListed(admin.bearer(), 0);
    }

    @Test
    void aChangeAnswersOnceEveryListenerAcknowledgedItsBarrierNotAfterTheTimeout() {
        // GIVEN a cache that listens (echo-timeout 1 s: a change without acknowledgements would take that long)
        // WHEN a change goes through it
        long start = System.nanoTime();
        Integer answer = cache.written(Uni.createFrom().item(42)).await().atMost(WAIT);

        // THEN it answered with the change's result once its listener (the only one) acknowledged the barrier
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(42, answer);
        assertTrue(millis < 500, "answered after " + millis + " ms");
    }

    private static void tokensListed(String bearer, int total) {
        given().header("Authorization", bearer).when().get("/api/v1/tokens")
                .then().statusCode(200).body("total", equalTo(total));
    }

    /** Runs a statement with the table's notifying trigger switched off (in the same transaction). */
    private static void silently(String table, String sql, Object parameter) {
        try {
            SilentChanges.run(TestQueries.connect(), table, sql, parameter);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
