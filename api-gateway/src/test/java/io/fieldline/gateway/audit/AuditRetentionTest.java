package io.fieldline.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.UUID;

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
import org.junit.jupiter.api.Test;

/** The audit trail keeps {@code fieldline.audit.retention} (365 days) and deletes older events in batches. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@QuarkusTestResource(IdentityResource.class)
@QuarkusTestResource(StubServicesResource.class)
class AuditRetentionTest {

    @Inject
    AuditRetention retention;

    @Test
    void eventsOlderThanTheRetentionAreDeletedBatchAfterBatchAndYoungerOnesKept() {
        // GIVEN 25 events of a tenant 400 days old and 3 that are 300 days old (tests delete 10 rows per statement)
        var admin = TestAccounts.newTenantWith(Role.ADMIN);
        String marker = "retention-" + UUID.randomUUID();
        insert(admin.tenant().value(), marker, 25, Duration.ofDays(400));
        insert(admin.tenant().value(), marker, 3, Duration.ofDays(300));

        // WHEN the retention runs (again, should the gateway's own scheduled run hold it at that moment)
        // THEN every old one is gone (in three statements), the younger ones stay
        Await.until("the old events are deleted", Duration.ofSeconds(30), () -> {
            retention.purge().await().atMost(Duration.ofSeconds(30));
            return count(marker, "occurred_at < now() - interval '365 days'") == 0;
        });
        assertEquals(3, count(marker, "true"));
    }

    private static void insert(String tenant, String marker, int rows, Duration age) {
        TestQueries.execute("""
                INSERT INTO audit_event (public_id, tenant_id, action, outcome, request_id, occurred_at)
                SELECT gen_random_uuid()::text, (SELECT id FROM tenant WHERE public_id = ?), 'POST /api/v1/logging',
                       'success', ?, now() - make_interval(days => ?)
                FROM generate_series(1, ?)""", tenant, marker, (int) age.toDays(), rows);
    }

    private static long count(String marker, String condition) {
        return TestQueries.number("SELECT count(*) FROM audit_event WHERE request_id = ? AND " + condition, marker);
    }
}
