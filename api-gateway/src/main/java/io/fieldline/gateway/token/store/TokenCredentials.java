package io.fieldline.gateway.token.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.gateway.identity.IdentityLookups;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** What authenticating an API token reads (by its hash, with owner and tenant) and writes (its last use). */
@ApplicationScoped
public class TokenCredentials {

    /** A token found by its hash, with its owner's current account. */
    public record Credential(IdentityLookups.Account account, long id, String publicId, Instant expiresAt,
            List<String> scopes) {
    }

    // The first seven columns are IdentityLookups' account shape (an API token is never "revoked": deleting it is).
    private static final String BY_HASH = """
            SELECT u.id, u.public_id, u.role, t.id, t.public_id, t.status, false,
                   a.id, a.public_id, a.expires_at, a.scopes
            FROM api_token a JOIN app_user u ON u.id = a.user_id JOIN tenant t ON t.id = u.tenant_id
            WHERE a.token_hash = $1""";
    // GREATEST keeps the latest use when several gateway replicas flush the same token.
    private static final String TOUCH = """
            UPDATE api_token SET last_used_at = GREATEST(api_token.last_used_at, v.t)
            FROM unnest($1::bigint[], $2::timestamptz[]) AS v(id, t)
            WHERE api_token.id = v.id""";

    private final Pool pool;

    TokenCredentials(Pool pool) {
        this.pool = pool;
    }

    /** The token whose plaintext has this SHA-256 hex. */
    public Uni<Optional<Credential>> byHash(String tokenHash) {
        return pool.preparedQuery(BY_HASH).execute(Tuple.of(tokenHash)).map(rows -> {
            if (rows.rowCount() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new Credential(IdentityLookups.account(row), row.getLong(7), row.getString(8),
                    ApiTokenStore.instant(row, 9), List.of(row.getArrayOfStrings(10))));
        });
    }

    /** Sets {@code last_used_at} of many tokens (internal id → time of last use) in one statement. */
    public Uni<Void> touch(Map<Long, Instant> lastUses) {
        Long[] ids = new Long[lastUses.size()];
        OffsetDateTime[] times = new OffsetDateTime[lastUses.size()];
        int i = 0;
        for (Map.Entry<Long, Instant> use : lastUses.entrySet()) {
            ids[i] = use.getKey();
            times[i++] = ApiTokenStore.utc(use.getValue());
        }
        return pool.preparedQuery(TOUCH)
                .execute(Tuple.tuple().addArrayOfLong(ids).addArrayOfOffsetDateTime(times))
                .replaceWithVoid();
    }
}
