package io.fieldline.gateway.user.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;

import io.fieldline.gateway.identity.GatewayCaller;
import io.fieldline.gateway.identity.PasswordHasher;
import io.fieldline.gateway.user.store.UserRow;
import io.fieldline.gateway.user.store.UserStore;
import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.Permission;
import io.fieldline.model.PublicIds;
import io.fieldline.model.Role;
import io.smallrye.mutiny.Uni;

/**
 * Users of the caller's tenant (seed 000 {@code /users}): admins manage them, everyone may read a profile and edit
 * their own. No one grants a role above their own. Role changes take effect on the user's next request, because
 * authentication reads the role each time.
 */
@ApplicationScoped
public class UserService {

    private static final String ADMIN_REQUIRED = "Admin privileges required.";

    private final UserStore store;
    private final PasswordHasher hasher;

    UserService(UserStore store, PasswordHasher hasher) {
        this.store = store;
        this.hasher = hasher;
    }

    /** One page of the tenant's users. */
    public Uni<Page<UserRow>> list(GatewayCaller caller, PageRequest request) {
        require(caller, Permission.MANAGE_USERS, ADMIN_REQUIRED);
        long tenant = caller.tenantRowId();
        return Uni.combine().all().unis(store.count(tenant), store.page(tenant, request.offset(), request.pageSize()))
                .with((total, rows) -> Page.of(request, total, rows));
    }

    /** One user of the tenant; 404 for unknown ids and ids of other tenants. */
    public Uni<UserRow> get(GatewayCaller caller, String publicId) {
        require(caller, Permission.READ_DATA, "Not enough permissions.");
        return find(caller, publicId);
    }

    /** Creates a user in the tenant and answers its public id; 409 if the email is taken on the platform. */
    public Uni<String> create(GatewayCaller caller, String email, String username, String password, Role role) {
        require(caller, Permission.MANAGE_USERS, ADMIN_REQUIRED);
        Role granted = role == null ? Role.VIEWER : role;
        requireGrantable(caller, granted);
        String publicId = PublicIds.newId();
        return hasher.hash(password)
                .flatMap(hash -> store.insert(caller.tenantRowId(), publicId, email, username, hash, granted))
                .map(inserted -> {
                    if (!inserted) {
                        throw alreadyExists();
                    }
                    return publicId;
                });
    }

    /**
     * Changes the given fields: users edit themselves, admins anyone in the tenant up to their own role; only admins
     * change roles.
     */
    public Uni<UserRow> update(GatewayCaller caller, String publicId, String email, String username, String password,
            Role role) {
        return find(caller, publicId).flatMap(target -> {
            boolean self = target.publicId().equals(caller.subject());
            if (!self && !manages(caller)) {
                throw new ForbiddenException("You can only update your own profile.");
            }
            if (!self && !caller.role().atLeast(target.role())) {
                throw new ForbiddenException("You cannot change a user with a role above your own.");
            }
            if (role != null && role != target.role()) {
                require(caller, Permission.MANAGE_USERS, "Only admins can change user roles.");
                requireGrantable(caller, role);
            }
            Uni<String> hash = password == null ? Uni.createFrom().nullItem() : hasher.hash(password);
            return hash.flatMap(h -> store.update(caller.tenantRowId(), publicId, email, username, h, role));
        }).onFailure(UserStore::isUniqueViolation).transform(e -> alreadyExists())
                .map(updated -> updated.orElseThrow(() -> notFound(publicId)));
    }

    /** Deletes a user of the tenant; admins cannot delete themselves (409). */
    public Uni<Void> delete(GatewayCaller caller, String publicId) {
        require(caller, Permission.MANAGE_USERS, ADMIN_REQUIRED);
        return find(caller, publicId).flatMap(target -> {
            if (target.publicId().equals(caller.subject())) {
                throw new ClientErrorException("You cannot delete your own account.", 409);
            }
            if (!caller.role().atLeast(target.role())) {
                throw new ForbiddenException("You cannot delete a user with a role above your own.");
            }
            return store.delete(caller.tenantRowId(), publicId);
        }).map(deleted -> {
            if (!deleted) {
                throw notFound(publicId);
            }
            return null;
        });
    }

    private Uni<UserRow> find(GatewayCaller caller, String publicId) {
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(notFound(publicId));
        }
        return store.find(caller.tenantRowId(), publicId).map(found -> found.orElseThrow(() -> notFound(publicId)));
    }

    private static boolean manages(GatewayCaller caller) {
        return caller.permissions().contains(Permission.MANAGE_USERS.wireName());
    }

    private static void require(GatewayCaller caller, Permission permission, String message) {
        if (!caller.permissions().contains(permission.wireName())) {
            throw new ForbiddenException(message);
        }
    }

    private static void requireGrantable(GatewayCaller caller, Role role) {
        if (!caller.role().atLeast(role)) {
            throw new ForbiddenException("You cannot grant a role above your own.");
        }
    }

    private static ClientErrorException alreadyExists() {
        return new ClientErrorException("User already exists.", 409);
    }

    private static NotFoundException notFound(String publicId) {
        return new NotFoundException("User '" + publicId + "' not found.");
    }
}
