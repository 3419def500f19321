package io.fieldline.gateway.tenant.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.gateway.identity.IdentityCache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Tenants in the {@code tenant} table. Tenants are the platform level: these queries are not scoped by a tenant,
 * and only the tenant service (superadmin only) uses them.
 */
@ApplicationScoped
public class TenantStore {

    /** Status of a tenant whose credentials are all refused. */
    public static final String SUSPENDED = "suspended";

    private static final String COLUMNS = "id, public_id, name, slug, status, limits, created_at, updated_at";

    private final Pool pool;
    private final IdentityCache identityCache;

    TenantStore(Pool pool, IdentityCache identityCache) {
        this.pool = pool;
        this.identityCache = identityCache;
    }

    /** Inserts a tenant; empty if the slug is taken. */
    public Uni<Optional<TenantRow>> insert(String publicId, String name, String slug, String status,
            Map<String, Object> limits) {
        return pool.preparedQuery("INSERT INTO tenant (public_id, name, slug, status, limits) "
                + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING " + COLUMNS)
                .execute(Tuple.of(publicId, name, slug, status, new JsonObject(limits)))
                .map(TenantStore::first);
    }

    /** One page of every tenant, newest first. */
    public Uni<List<TenantRow>> page(long offset, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM tenant ORDER BY created_at DESC, id DESC "
                + "OFFSET $1 LIMIT $2")
                .execute(Tuple.of(offset, limit))
                .map(rows -> rows.stream().map(TenantStore::row).toList());
    }

    /** How many tenants exist. */
    public Uni<Long> count() {
        return pool.query("SELECT count(*) FROM tenant").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The tenant with the public id. */
    public Uni<Optional<TenantRow>> find(String publicId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM tenant WHERE public_id = $1")
                .execute(Tuple.of(publicId))
                .map(TenantStore::first);
    }

    /** Changes the given fields (null keeps the value); empty if there is no such tenant. */
    public Uni<Optional<TenantRow>> update(String publicId, String name, String status, Map<String, Object> limits) {
        return identityCache.written(pool.preparedQuery("UPDATE tenant SET name = COALESCE($2, name), "
                + "status = COALESCE($3, status), limits = COALESCE($4, limits), updated_at = now() "
                + "WHERE public_id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(publicId, name, status, limits == null ? null : new JsonObject(limits))))
                .map(TenantStore::first);
    }

    /** Deletes the tenant and, by cascade, everything it owns; false if there was no such tenant. */
    public Uni<Boolean> delete(String publicId) {
        return identityCache.written(pool.preparedQuery("DELETE FROM tenant WHERE public_id = $1")
                .execute(Tuple.of(publicId)))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Whether a superadmin belongs to the tenant (deleting or suspending it would lock the platform out). */
    public Uni<Boolean> holdsSuperadmin(long tenantId) {
        return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM app_user WHERE tenant_id = $1 AND role = 'superadmin')")
                .execute(Tuple.of(tenantId))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    private static Optional<TenantRow> first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? Optional.empty() : Optional.of(row(rows.iterator().next()));
    }

    private static TenantRow row(Row row) {
        JsonObject limits = row.getJsonObject("limits");
        return new TenantRow(row.getLong("id"), row.getString("public_id"), row.getString("name"),
                row.getString("slug"), row.getString("status"), limits == null ? Map.of() : limits.getMap(),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
    }
}
