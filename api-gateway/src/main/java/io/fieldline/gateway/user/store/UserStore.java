package io.fieldline.gateway.user.store;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.gateway.identity.IdentityCache;
import io.fieldline.model.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/** Users in the {@code app_user} table, always within one tenant (the caller's {@code tenantRowId}). */
@ApplicationScoped
public class UserStore {

    private static final String COLUMNS = "id, public_id, email, username, role, registered_on";
    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool pool;
    private final IdentityCache identityCache;

    UserStore(Pool pool, IdentityCache identityCache) {
        this.pool = pool;
        this.identityCache = identityCache;
    }

    /** Inserts a user; false if the email (unique platform-wide, case-insensitively) is taken. */
    public Uni<Boolean> insert(long tenantId, String publicId, String email, String username, String passwordHash,
            Role role) {
        return pool.preparedQuery("INSERT INTO app_user (public_id, tenant_id, email, username, password_hash, role) "
                + "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(publicId, tenantId, email, username, passwordHash, role.wireName()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** One page of the tenant's users, newest first. */
    public Uni<List<UserRow>> page(long tenantId, long offset, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM app_user WHERE tenant_id = $1 "
                + "ORDER BY registered_on DESC, id DESC OFFSET $2 LIMIT $3")
                .execute(Tuple.of(tenantId, offset, limit))
                .map(rows -> rows.stream().map(UserStore::row).toList());
    }

    /** How many users the tenant has. */
    public Uni<Long> count(long tenantId) {
        return pool.preparedQuery("SELECT count(*) FROM app_user WHERE tenant_id = $1").execute(Tuple.of(tenantId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The tenant's user with the public id. */
    public Uni<Optional<UserRow>> find(long tenantId, String publicId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM app_user WHERE tenant_id = $1 AND public_id = $2")
                .execute(Tuple.of(tenantId, publicId))
                .map(UserStore::first);
    }

    /**
     * Changes the given fields (null keeps the value); empty if there is no such user in the tenant. Fails with
     * {@link PgException} (see {@link #isUniqueViolation}) if the new email is taken.
     */
    public Uni<Optional<UserRow>> update(long tenantId, String publicId, String email, String username,
            String passwordHash, Role role) {
        return identityCache.written(pool.preparedQuery("UPDATE app_user SET email = COALESCE($3, email), "
                + "username = COALESCE($4, username), password_hash = COALESCE($5, password_hash), "
                + "role = COALESCE($6, role), updated_at = now() "
                + "WHERE tenant_id = $1 AND public_id = $2 RETURNING " + COLUMNS)
                .execute(Tuple.of(tenantId, publicId, email, username, passwordHash,
                        role == null ? null : role.wireName())))
                .map(UserStore::first);
    }

    /** Deletes the tenant's user (its tokens go with it); false if there was no such user. */
    public Uni<Boolean> delete(long tenantId, String publicId) {
        return identityCache.written(pool.preparedQuery("DELETE FROM app_user WHERE tenant_id = $1 AND public_id = $2")
                .execute(Tuple.of(tenantId, publicId)))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Whether a failure is a unique-constraint violation (a taken email). */
    public static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }

    private static Optional<UserRow> first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? Optional.empty() : Optional.of(row(rows.iterator().next()));
    }

    private static UserRow row(Row row) {
        return new UserRow(row.getLong("id"), row.getString("public_id"), row.getString("email"),
                row.getString("username"), Role.fromWire(row.getString("role")),
                row.getOffsetDateTime("registered_on"));
    }
}
