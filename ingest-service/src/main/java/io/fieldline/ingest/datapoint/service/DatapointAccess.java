package io.fieldline.ingest.datapoint.service;

import jakarta.ws.rs.ForbiddenException;

import io.fieldline.model.Permission;
import io.fieldline.support.identity.Caller;

/** Who may read and who may delete datapoints, by the permissions in the caller's identity token. */
public final class DatapointAccess {

    private DatapointAccess() {
    }

    /** @throws ForbiddenException (403) without {@link Permission#READ_DATA} */
    public static void requireRead(Caller caller) {
        if (!caller.can(Permission.READ_DATA.wireName())) {
            throw new ForbiddenException("Not enough permissions.");
        }
    }

    /** @throws ForbiddenException (403, seed 000's message) without {@link Permission#WRITE_DATA} */
    public static void requireWrite(Caller caller) {
        if (!caller.can(Permission.WRITE_DATA.wireName())) {
            throw new ForbiddenException("Operator privileges required.");
        }
    }
}
