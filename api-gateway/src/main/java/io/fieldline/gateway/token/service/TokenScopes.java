package io.fieldline.gateway.token.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.ForbiddenException;

import io.fieldline.gateway.identity.GatewayCaller;
import io.fieldline.model.CredentialKind;
import io.fieldline.model.Permission;
import io.fieldline.support.http.ValidationFailure;

/**
 * Checks the scopes a new token asks for: known permission names, each held by the caller, so a token never grants
 * more than its creator has. Stored in {@link Permission} order; an empty list stands for "all of the owner's role".
 */
final class TokenScopes {

    private TokenScopes() {
    }

    /** The scopes to store for a new token of the caller. */
    static List<String> toStore(GatewayCaller caller, List<String> requested) {
        if (requested == null) {
            // A token made with a (possibly narrowed) API token is pinned to that token's permissions, never wider.
            return caller.caller().credential() == CredentialKind.API_TOKEN ? pinned(caller) : List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : requested) {
            if (!isPermission(name)) {
                throw ValidationFailure.body("scopes", "Unknown permission '" + name + "'.", "value_error");
            }
            if (!caller.permissions().contains(name)) {
                throw ValidationFailure.body("scopes", "Permission '" + name + "' is not granted to you.",
                        "value_error");
            }
            names.add(name);
        }
        return inPermissionOrder(names);
    }

    private static List<String> pinned(GatewayCaller caller) {
        if (caller.permissions().isEmpty()) {
            throw new ForbiddenException("Not enough permissions.");
        }
        return inPermissionOrder(caller.permissions());
    }

    private static boolean isPermission(String name) {
        for (Permission permission : Permission.values()) {
            if (permission.wireName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> inPermissionOrder(Set<String> names) {
        List<String> ordered = new ArrayList<>(names.size());
        for (Permission permission : Permission.values()) {
            if (names.contains(permission.wireName())) {
                ordered.add(permission.wireName());
            }
        }
        return ordered;
    }
}
