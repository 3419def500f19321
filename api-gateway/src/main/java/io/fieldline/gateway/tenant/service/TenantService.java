package io.fieldline.gateway.tenant.service;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;

import io.fieldline.gateway.identity.GatewayCaller;
import io.fieldline.gateway.tenant.store.TenantRow;
import io.fieldline.gateway.tenant.store.TenantStore;
import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.Permission;
import io.fieldline.model.PublicIds;
import io.smallrye.mutiny.Uni;

/**
 * Tenant management, the platform view: only callers with {@link Permission#MANAGE_TENANTS} (superadmins) may use
 * it. Suspending a tenant takes effect on its next request, because authentication reads the tenant status each time.
 */
@ApplicationScoped
public class TenantService {

    private final TenantStore store;

    TenantService(TenantStore store) {
        this.store = store;
    }

    /** Creates a tenant; 409 if the slug is taken. */
    public Uni<TenantRow> create(GatewayCaller caller, String name, String slug, String status,
            Map<String, Object> limits) {
        requireSuperadmin(caller);
        return store.insert(PublicIds.newId(), name, slug, status == null ? "active" : status,
                limits == null ? Map.of() : limits)
                .map(created -> created.orElseThrow(() -> new ClientErrorException("Tenant already exists.", 409)));
    }

    /** One page of every tenant. */
    public Uni<Page<TenantRow>> list(GatewayCaller caller, PageRequest request) {
        requireSuperadmin(caller);
        return Uni.combine().all().unis(store.count(), store.page(request.offset(), request.pageSize()))
                .with((total, rows) -> Page.of(request, total, rows));
    }

    /** One tenant; 404 if unknown. */
    public Uni<TenantRow> get(GatewayCaller caller, String publicId) {
        requireSuperadmin(caller);
        return store.find(publicId).map(found -> found.orElseThrow(() -> notFound(publicId)));
    }

    /** Changes name, status or limits; a superadmin's own tenant cannot be suspended (409). */
    public Uni<TenantRow> update(GatewayCaller caller, String publicId, String name, String status,
            Map<String, Object> limits) {
        return get(caller, publicId).flatMap(tenant -> (TenantStore.SUSPENDED.equals(status)
                ? refuseIfSuperadminHome(tenant, "The tenant of a superadmin cannot be suspended.")
                : Uni.createFrom().voidItem())
                .flatMap(ignored -> store.update(publicId, name, status, limits)))
                .map(updated -> updated.orElseThrow(() -> notFound(publicId)));
    }

    /** Deletes a tenant with everything it owns; a superadmin's own tenant cannot be deleted (409). */
    public Uni<Void> delete(GatewayCaller caller, String publicId) {
        return get(caller, publicId)
                .flatMap(tenant -> refuseIfSuperadminHome(tenant, "The tenant of a superadmin cannot be deleted."))
                .flatMap(ignored -> store.delete(publicId))
                .map(deleted -> {
                    if (!deleted) {
                        throw notFound(publicId);
                    }
                    return null;
                });
    }

    // Deleting or suspending the tenant a superadmin belongs to would lock that superadmin out of the platform.
    private Uni<Void> refuseIfSuperadminHome(TenantRow tenant, String message) {
        return store.holdsSuperadmin(tenant.id()).map(holds -> {
            if (holds) {
                throw new ClientErrorException(message, 409);
            }
            return null;
        });
    }

    private static void requireSuperadmin(GatewayCaller caller) {
        if (!caller.permissions().contains(Permission.MANAGE_TENANTS.wireName())) {
            throw new ForbiddenException("Superadmin privileges required.");
        }
    }

    private static NotFoundException notFound(String publicId) {
        return new NotFoundException("Tenant '" + publicId + "' not found.");
    }
}
