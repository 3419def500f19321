package io.fieldline.gateway.auth.store;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.gateway.identity.IdentityCache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Users by email, refresh-token families, revoked access tokens and failed logins. */
@ApplicationScoped
public class SessionStore {

    /** A user as login needs it. */
    public record Credentials(long userId, String userPublicId, String username, String passwordHash,
            long tenantRowId) {
    }

    /** A stored refresh token, locked for rotation. */
    public record RefreshToken(long id, String familyId, long userId, String userPublicId, Instant expiresAt,
            boolean used, boolean revoked) {
    }

    private final Pool pool;
    private final IdentityCache identityCache;

    SessionStore(Pool pool, IdentityCache identityCache) {
        this.pool = pool;
        this.identityCache = identityCache;
    }

    /** The pool, for transactions spanning several calls. */
    public Pool pool() {
        return pool;
    }

    public Uni<Optional<Credentials>> credentialsByEmail(String email) {
        return pool.preparedQuery(
                """
                        SELECT id, public_id, username, password_hash, tenant_id FROM app_user WHERE lower(email) = lower($1)""")
                .execute(Tuple.of(email))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty()
                        : Optional.of(credentials(rows.iterator().next())));
    }

    /** Failed logins of the account since the given time, oldest first (at most {@code limit}). */
    public Uni<java.util.List<Instant>> failuresSince(String emailKey, Instant since, int limit) {
        return pool.preparedQuery("""
                SELECT failed_at FROM login_failure WHERE email_key = $1 AND failed_at > $2
                ORDER BY failed_at DESC LIMIT $3""")
                .execute(Tuple.of(emailKey, utc(since), limit))
                .map(rows -> {
                    java.util.List<Instant> times = new java.util.ArrayList<>();
                    rows.forEach(row -> times.add(row.getOffsetDateTime(0).toInstant()));
                    java.util.Collections.reverse(times);
                    return times;
                });
    }

    public Uni<Void> recordFailure(String emailKey) {
        return pool.preparedQuery("INSERT INTO login_failure (email_key) VALUES ($1)")
                .execute(Tuple.of(emailKey)).replaceWithVoid();
    }

    public Uni<Void> clearFailures(String emailKey) {
        return pool.preparedQuery("DELETE FROM login_failure WHERE email_key = $1")
                .execute(Tuple.of(emailKey)).replaceWithVoid();
    }

    public Uni<Void> insertRefreshToken(SqlClient client, String tokenHash, String familyId, long userId,
            Instant expiresAt) {
        return client.preparedQuery("""
                INSERT INTO refresh_token (token_hash, family_id, user_id, expires_at) VALUES ($1, $2, $3, $4)""")
                .execute(Tuple.of(tokenHash, familyId, userId, utc(expiresAt))).replaceWithVoid();
    }

    /** The refresh token with the hash, locked until the transaction ends. */
    public Uni<Optional<RefreshToken>> lockRefreshToken(SqlClient client, String tokenHash) {
        return client.preparedQuery("""
                SELECT r.id, r.family_id, r.user_id, u.public_id, r.expires_at, r.used_at IS NOT NULL,
                       r.revoked_at IS NOT NULL
                FROM refresh_token r JOIN app_user u ON u.id = r.user_id
                WHERE r.token_hash = $1 FOR UPDATE OF r""")
                .execute(Tuple.of(tokenHash))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty()
                        : Optional.of(refreshToken(rows.iterator().next())));
    }

    public Uni<Void> markUsed(SqlClient client, long refreshTokenId) {
        return client.preparedQuery("UPDATE refresh_token SET used_at = now() WHERE id = $1")
                .execute(Tuple.of(refreshTokenId)).replaceWithVoid();
    }

    /** Revokes every live token of a family; only the owner's own family is touched. */
    public Uni<Void> revokeFamily(SqlClient client, String familyId, long userId) {
        return client.preparedQuery("""
                UPDATE refresh_token SET revoked_at = now()
                WHERE family_id = $1 AND user_id = $2 AND revoked_at IS NULL""")
                .execute(Tuple.of(familyId, userId)).replaceWithVoid();
    }

    /** The family of a refresh token, if it belongs to the user. */
    public Uni<Optional<String>> familyOf(String tokenHash, long userId) {
        return pool.preparedQuery("SELECT family_id FROM refresh_token WHERE token_hash = $1 AND user_id = $2")
                .execute(Tuple.of(tokenHash, userId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getString(0)));
    }

    public Uni<Void> revokeAccessToken(String jti, Instant expiresAt) {
        return identityCache.written(pool.preparedQuery("""
                INSERT INTO revoked_access_token (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING""")
                .execute(Tuple.of(jti, utc(expiresAt)))).replaceWithVoid();
    }

    /** Removes what can no longer matter: expired revocations and refresh tokens, old failed logins. */
    public Uni<Void> purgeExpired(Duration failureWindow) {
        return pool.query("DELETE FROM revoked_access_token WHERE expires_at < now()").execute()
                .flatMap(r -> pool.query("DELETE FROM refresh_token WHERE expires_at < now()").execute())
                .flatMap(r -> pool.preparedQuery("DELETE FROM login_failure WHERE failed_at < $1")
                        .execute(Tuple.of(utc(Instant.now().minus(failureWindow)))))
                .replaceWithVoid();
    }

    private static Credentials credentials(Row row) {
        return new Credentials(row.getLong(0), row.getString(1), row.getString(2), row.getString(3), row.getLong(4));
    }

    private static RefreshToken refreshToken(Row row) {
        return new RefreshToken(row.getLong(0), row.getString(1), row.getLong(2), row.getString(3),
                row.getOffsetDateTime(4).toInstant(), row.getBoolean(5), row.getBoolean(6));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
