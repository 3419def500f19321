package io.fieldline.gateway.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** SQL of the {@code platform_health} row (the last announced overall state) and of the tenants to tell. */
@ApplicationScoped
class PlatformHealthStore {

    /** State of the row before any replica measured. */
    static final String UNKNOWN = "unknown";

    // SKIP LOCKED: while another replica is announcing a change, this one skips its round instead of waiting.
    private static final String LOCK = "SELECT status FROM platform_health WHERE id = 1 FOR UPDATE SKIP LOCKED";
    private static final String SET = "UPDATE platform_health SET status = $1, changed_at = now() WHERE id = 1";
    private static final String ACTIVE_TENANTS = "SELECT public_id FROM tenant WHERE status = 'active' ORDER BY id";

    /** Locks the row for the transaction of the connection; empty if another transaction holds it. */
    Uni<Optional<String>> lock(SqlConnection connection) {
        return connection.query(LOCK).execute()
                .map(rows -> rows.rowCount() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getString(0)));
    }

    /** Records the announced state (within the transaction holding the lock). */
    Uni<Void> set(SqlConnection connection, String status) {
        return connection.preparedQuery(SET).execute(Tuple.of(status)).replaceWithVoid();
    }

    /** Every active tenant: each gets its own record of a platform-wide change. */
    Uni<List<TenantId>> activeTenants(SqlConnection connection) {
        return connection.query(ACTIVE_TENANTS).execute().map(rows -> {
            List<TenantId> tenants = new ArrayList<>(rows.rowCount());
            rows.forEach(row -> tenants.add(TenantId.of(row.getString(0))));
            return tenants;
        });
    }
}
