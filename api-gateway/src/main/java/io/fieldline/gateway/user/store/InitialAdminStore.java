package io.fieldline.gateway.user.store;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Creates the first tenant and its superadmin in one transaction. Replicas starting at once queue on an advisory
 * lock, so exactly one of them sees "no superadmin yet"; the unique constraints with {@code ON CONFLICT DO NOTHING}
 * keep even an unlocked race from creating duplicates.
 */
@ApplicationScoped
public class InitialAdminStore {

    /** What the attempt did. */
    public enum Outcome {
        /** The tenant (unless it existed) and the superadmin were created. */
        CREATED,
        /** A superadmin exists already; nothing was created. */
        SUPERADMIN_EXISTS,
        /** Another user has the email; nothing was created. */
        EMAIL_TAKEN
    }

    /** The outcome, and the public id of the superadmin's tenant when it was created (null otherwise). */
    public record Result(Outcome outcome, String tenantPublicId) {
    }

    /** The advisory lock replicas queue on: any constant they share (it names the lock, it is not a row id). */
    public static final long LOCK_KEY = 0x6669656c646c696eL;

    private final Pool pool;

    InitialAdminStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Creates tenant and superadmin (with the given bcrypt hash) unless a superadmin exists; an existing tenant with
     * the slug is reused.
     */
    public Uni<Result> createIfNoSuperadmin(String tenantPublicId, String tenantName, String tenantSlug,
            String userPublicId, String email, String username, String passwordHash) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK_KEY))
                .flatMap(locked -> connection
                        .query("SELECT EXISTS (SELECT 1 FROM app_user WHERE role = 'superadmin')").execute())
                .flatMap(exists -> exists.iterator().next().getBoolean(0)
                        ? Uni.createFrom().item(new Result(Outcome.SUPERADMIN_EXISTS, null))
                        : insert(connection, tenantPublicId, tenantName, tenantSlug,
                                Tuple.of(userPublicId, email, username, passwordHash))))
                .onFailure(EmailTaken.class).recoverWithItem(new Result(Outcome.EMAIL_TAKEN, null));
    }

    private static Uni<Result> insert(SqlConnection connection, String tenantPublicId, String tenantName,
            String tenantSlug, Tuple user) {
        return connection.preparedQuery("INSERT INTO tenant (public_id, name, slug) VALUES ($1, $2, $3) "
                + "ON CONFLICT DO NOTHING")
                .execute(Tuple.of(tenantPublicId, tenantName, tenantSlug))
                .flatMap(ignored -> connection.preparedQuery("SELECT id, public_id FROM tenant WHERE slug = $1")
                        .execute(Tuple.of(tenantSlug)))
                .flatMap(tenants -> {
                    Row tenant = tenants.iterator().next();
                    return connection.preparedQuery("INSERT INTO app_user "
                            + "(public_id, tenant_id, email, username, password_hash, role) "
                            + "VALUES ($1, $5, $2, $3, $4, 'superadmin') ON CONFLICT DO NOTHING")
                            .execute(user.addLong(tenant.getLong(0)))
                            .map(inserted -> {
                                if (inserted.rowCount() == 0) {
                                    // Failing rolls back the tenant this transaction may have created.
                                    throw new EmailTaken();
                                }
                                return new Result(Outcome.CREATED, tenant.getString(1));
                            });
                });
    }

    private static final class EmailTaken extends RuntimeException {

        EmailTaken() {
            super("email taken", null, false, false);
        }
    }
}
