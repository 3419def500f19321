package io.fieldline.ingest.experiment.service;

import jakarta.ws.rs.ForbiddenException;

import io.fieldline.model.Permission;
import io.fieldline.support.identity.Caller;

/** Who may read and who may run experiments (seed 000: viewer reads, operator writes), by the token's permissions. */
final class ExperimentAccess {

    private ExperimentAccess() {
    }

    /** @throws ForbiddenException (403) without {@link Permission#READ_DATA} */
    static void requireRead(Caller caller) {
        if (!caller.can(Permission.READ_DATA.wireName())) {
            throw new ForbiddenException("Not enough permissions.");
        }
    }

    /** @throws ForbiddenException (403, seed 000's message) without {@link Permission#WRITE_DATA} */
    static void requireWrite(Caller caller) {
        if (!caller.can(Permission.WRITE_DATA.wireName())) {
            throw new ForbiddenException("Operator privileges required.");
        }
    }
}
