package io.fieldline.gateway.token.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.gateway.identity.IdentityCache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code api_token} rows of a tenant. The table has no tenant column, so every query joins the owner and is scoped
 * by {@code app_user.tenant_id}.
 */
@ApplicationScoped
public class ApiTokenStore {

    /** A token's internal id and its owner's internal id. */
    public record Owned(long id, long userId) {
    }

    // The count and the insert are one statement, so the per-user limit holds without a lock (a concurrent
    // insert may pass it by one at most).
    private static final String INSERT = """
            INSERT INTO api_token (public_id, user_id, name, token_hash, scopes, expires_at)
            SELECT $1, $2, $3, $4, $5, $6
            WHERE (SELECT count(*) FROM api_token WHERE user_id = $2) < $7
            RETURNING created_at""";
    // $3 null: every token of the tenant; otherwise only that user's.
    private static final String FILTER = """
            FROM api_token a JOIN app_user u ON u.id = a.user_id
            WHERE u.tenant_id = $1 AND ($2::bigint IS NULL OR a.user_id = $2)""";
    private static final String COUNT = "SELECT count(*) " + FILTER;
    private static final String PAGE = """
            SELECT a.public_id, a.name, a.last_used_at, a.expires_at, a.created_at, u.public_id, a.scopes
            """ + FILTER + " ORDER BY a.created_at DESC, a.id DESC LIMIT $3 OFFSET $4";
    private static final String FIND = """
            SELECT a.id, a.user_id FROM api_token a JOIN app_user u ON u.id = a.user_id
            WHERE a.public_id = $1 AND u.tenant_id = $2""";

    private final Pool pool;
    private final IdentityCache identityCache;

    ApiTokenStore(Pool pool, IdentityCache identityCache) {
        this.pool = pool;
        this.identityCache = identityCache;
    }

    /**
     * Inserts a token unless its owner already holds {@code maxPerUser}; emits its creation time, or empty when the
     * limit was reached.
     */
    public Uni<Optional<Instant>> insert(String publicId, long userId, String name, String tokenHash,
            List<String> scopes, Instant expiresAt, int maxPerUser) {
        Tuple values = Tuple.tuple().addString(publicId).addLong(userId).addString(name).addString(tokenHash)
                .addArrayOfString(scopes.toArray(String[]::new)).addOffsetDateTime(utc(expiresAt))
                .addLong((long) maxPerUser);
        return pool.preparedQuery(INSERT).execute(values).map(rows -> rows.rowCount() == 0
                ? Optional.empty()
                : Optional.of(instant(rows.iterator().next(), 0)));
    }

    /** How many tokens the tenant holds, or only the given user when {@code userId} is not null. */
    public Uni<Long> count(long tenantRowId, Long userId) {
        return pool.preparedQuery(COUNT).execute(Tuple.of(tenantRowId, userId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** One page of those tokens, newest first. */
    public Uni<List<StoredToken>> page(long tenantRowId, Long userId, int limit, long offset) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(tenantRowId, userId, limit, offset))
                .map(ApiTokenStore::tokens);
    }

    /** The token with that public id in the tenant. */
    public Uni<Optional<Owned>> find(long tenantRowId, String publicId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(publicId, tenantRowId))
                .map(rows -> rows.rowCount() == 0
                        ? Optional.empty()
                        : Optional.of(new Owned(rows.iterator().next().getLong(0), rows.iterator().next().getLong(1))));
    }

    /** Deletes a token found by {@link #find}. */
    public Uni<Void> delete(long id) {
        return identityCache.written(pool.preparedQuery("DELETE FROM api_token WHERE id = $1").execute(Tuple.of(id)))
                .replaceWithVoid();
    }

    private static List<StoredToken> tokens(RowSet<Row> rows) {
        List<StoredToken> tokens = new ArrayList<>(rows.rowCount());
        for (Row row : rows) {
            tokens.add(new StoredToken(row.getString(0), row.getString(1), instant(row, 2), instant(row, 3),
                    instant(row, 4), row.getString(5), List.of(row.getArrayOfStrings(6))));
        }
        return tokens;
    }

    static Instant instant(Row row, int column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
