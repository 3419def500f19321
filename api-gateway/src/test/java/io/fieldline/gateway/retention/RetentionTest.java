package io.fieldline.gateway.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import io.fieldline.gateway.StubServicesResource;
import io.fieldline.gateway.TestAccounts;
import io.fieldline.gateway.TestQueries;
import io.fieldline.model.Role;
import io.fieldline.testsupport.Await;
import io.fieldline.testsupport.EmbeddedKafkaResource;
import io.fieldline.testsupport.EmbeddedPostgresResource;
import io.fieldline.testsupport.IdentityResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

/**
 * The audit trail keeps {@code fieldline.audit.retention} (365 days), seed 000's log
 * {@code fieldline.logging.retention} (90 days); older rows are deleted in batches (10 rows per statement in tests).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
@QuarkusTestResource(StubServicesResource.class)
class RetentionTest {

    @Inject
    Retentions retentions;

    @Test
    void auditEventsOlderThanTheRetentionAreDeletedBatchAfterBatchAndYoungerOnesKept() {
        // GIVEN 25 events of a tenant 400 days old and 3 that are 300 days old
        var admin = TestAccounts.newTenantWith(Role.ADMIN);
        String marker = "retention-" + UUID.randomUUID();
        String insert = """
                INSERT INTO audit_event (public_id, tenant_id, action, outcome, request_id, occurred_at)
                SELECT gen_random_uuid()::text, (SELECT id FROM tenant WHERE public_id = ?), 'POST /api/v1/logging',
                       'success', ?, now() - make_interval(days => ?)
                FROM generate_series(1, ?)""";
        TestQueries.execute(insert, admin.tenant().value(), marker, 400, 25);
        TestQueries.execute(insert, admin.tenant().value(), marker, 300, 3);

        // WHEN the retention runs THEN every old one is gone (in three statements), the younger ones stay
        String count = "SELECT count(*) FROM audit_event WHERE request_id = ? AND ";
        purgeUntilGone(retentions::purgeAudit, () -> TestQueries.number(count + "occurred_at < now() - interval "
                + "'365 days'", marker));
        assertEquals(3, TestQueries.number(count + "true", marker));
    }

    @Test
    void logEntriesOlderThanTheRetentionAreDeletedReadOrNotAndYoungerOnesKept() {
        // GIVEN 25 entries of a tenant 100 days old (some read) and 3 that are 80 days old
        var admin = TestAccounts.newTenantWith(Role.ADMIN);
        String marker = "retention-" + UUID.randomUUID();
        String insert = """
                INSERT INTO log_entry (public_id, tenant_id, content, status_type, created_on)
                SELECT gen_random_uuid()::text, (SELECT id FROM tenant WHERE public_id = ?), ?,
                       CASE WHEN n % 2 = 0 THEN 'read' ELSE 'unread' END, now() - make_interval(days => ?)
                FROM generate_series(1, ?) AS n""";
        TestQueries.execute(insert, admin.tenant().value(), marker, 100, 25);
        TestQueries.execute(insert, admin.tenant().value(), marker, 80, 3);

        // WHEN the retention runs THEN every old one is gone, the younger ones stay
        String count = "SELECT count(*) FROM log_entry WHERE content = ? AND ";
        purgeUntilGone(retentions::purgeLog,
                () -> TestQueries.number(count + "created_on < now() - interval '90 days'", marker));
        assertEquals(3, TestQueries.number(count + "true", marker));
    }

    // Runs the purge (again, should the gateway's own scheduled run hold it at that moment) until nothing old is left.
    private static void purgeUntilGone(Supplier<Uni<Long>> purge, Supplier<Long> oldRows) {
        Await.until("the old rows are deleted", Duration.ofSeconds(30), () -> {
            purge.get().await().atMost(Duration.ofSeconds(30));
            return oldRows.get() == 0;
        });
    }
}
