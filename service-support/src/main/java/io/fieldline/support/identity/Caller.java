package io.fieldline.support.identity;

import java.util.Set;

import io.fieldline.model.CredentialKind;
import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import io.quarkus.security.ForbiddenException;

/**
 * Who is calling, as the gateway vouched for it in the internal identity token: the caller's public id, tenant,
 * role, named permissions and how it authenticated. Every query a service runs is scoped by {@link #tenant()}.
 */
public record Caller(String subject, TenantId tenant, Role role, Set<String> permissions, CredentialKind credential) {

    public Caller {
        permissions = Set.copyOf(permissions);
    }

    /**
     * Requires at least the given role.
     *
     * @throws ForbiddenException (403) otherwise
     */
    public void requireRole(Role minimum) {
        if (!role.atLeast(minimum)) {
            throw new ForbiddenException("Requires role " + minimum.wireName());
        }
    }

    /** Whether the named permission was granted. */
    public boolean can(String permission) {
        return permissions.contains(permission);
    }
}
