package io.fieldline.gateway.identity;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import io.fieldline.support.reactive.Deadline;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The per-request lookup behind every credential: the user's current role, its tenant's status and whether the
 * presented access token was revoked, in one indexed query. Authentication keeps the answer in the
 * {@link IdentityCache}, which every change to these rows empties on every gateway replica, so role changes,
 * suspensions and logouts take effect on the next request.
 */
@ApplicationScoped
public class IdentityLookups {

    /** A user as authentication needs it. */
    public record Account(long userId, String userPublicId, Role role, long tenantRowId, TenantId tenant,
            boolean tenantActive, boolean tokenRevoked) {
    }

    private static final String BY_USER = """
            SELECT u.id, u.public_id, u.role, t.id, t.public_id, t.status,
                   EXISTS (SELECT 1 FROM revoked_access_token r WHERE r.jti = $2)
            FROM app_user u JOIN tenant t ON t.id = u.tenant_id
            WHERE u.public_id = $1""";

    private final Pool pool;
    private final Vertx vertx;
    private final Duration timeout;

    IdentityLookups(Pool pool, Vertx vertx,
            @ConfigProperty(name = "fieldline.identity.lookup-timeout", defaultValue = "5S") Duration timeout) {
        this.pool = pool;
        this.vertx = vertx;
        this.timeout = timeout;
    }

    /** The account of a user, and whether the access token with the given id was revoked. */
    public Uni<Optional<Account>> byUser(String userPublicId, String tokenId) {
        // A database that hangs must not hang the request: authentication then answers 503.
        return Deadline.within(vertx, timeout, pool.preparedQuery(BY_USER).execute(Tuple.of(userPublicId, tokenId)))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(account(rows.iterator().next())));
    }

    /** Maps the first six columns of a row shaped like {@code BY_USER} (plus the revoked flag at index 6). */
    public static Account account(Row row) {
        return new Account(row.getLong(0), row.getString(1), Role.fromWire(row.getString(2)), row.getLong(3),
                TenantId.of(row.getString(4)), "active".equals(row.getString(5)), row.getBoolean(6));
    }
}
