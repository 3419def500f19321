package io.fieldline.rules.rule.service;

import jakarta.ws.rs.ForbiddenException;

import io.fieldline.model.Permission;
import io.fieldline.support.identity.Caller;

/** Rules are read and written by operators and up (seed 000's source: {@link Permission#MANAGE_RULES}). */
final class RuleAccess {

    private RuleAccess() {
    }

    /** @throws ForbiddenException (403, seed 000's message) without {@link Permission#MANAGE_RULES} */
    static void require(Caller caller) {
        if (!caller.can(Permission.MANAGE_RULES.wireName())) {
            throw new ForbiddenException("Operator privileges required.");
        }
    }
}
