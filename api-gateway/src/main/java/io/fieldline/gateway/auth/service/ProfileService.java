package io.fieldline.gateway.auth.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotAuthorizedException;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fieldline.gateway.identity.GatewayCaller;
import io.fieldline.model.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code GET /auth/me}: seed 000's profile of the caller, plus its tenant and permissions. */
@ApplicationScoped
public class ProfileService {

    private final Pool pool;

    ProfileService(Pool pool) {
        this.pool = pool;
    }

    /** The caller's tenant. */
    public record TenantSummary(@JsonProperty("public_id") String publicId, String name, String slug, String status) {
    }

    /** The profile. */
    public record Profile(
            @JsonProperty("public_id") String publicId,
            String email,
            String username,
            String role,
            boolean admin,
            @JsonProperty("registered_on") Instant registeredOn,
            @JsonProperty("sso_provider") String ssoProvider,
            TenantSummary tenant,
            List<String> permissions) {
    }

    public Uni<Profile> profile(GatewayCaller caller) {
        return pool.preparedQuery("""
                SELECT u.public_id, u.email, u.username, u.role, u.registered_on,
                       t.public_id, t.name, t.slug, t.status
                FROM app_user u JOIN tenant t ON t.id = u.tenant_id
                WHERE u.id = $1 AND u.tenant_id = $2""")
                .execute(Tuple.of(caller.userId(), caller.tenantRowId()))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new NotAuthorizedException("User not found.", "Bearer");
                    }
                    return profile(rows.iterator().next(), caller);
                });
    }

    private static Profile profile(Row row, GatewayCaller caller) {
        Role role = Role.fromWire(row.getString(3));
        var tenant = new TenantSummary(row.getString(5), row.getString(6), row.getString(7), row.getString(8));
        return new Profile(row.getString(0), row.getString(1), row.getString(2), role.wireName(),
                role.atLeast(Role.ADMIN), row.getOffsetDateTime(4).toInstant(), null, tenant,
                caller.permissions().stream().sorted().toList());
    }
}
