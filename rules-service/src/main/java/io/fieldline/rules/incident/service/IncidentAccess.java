package io.fieldline.rules.incident.service;

import jakarta.ws.rs.ForbiddenException;

import io.fieldline.model.Permission;
import io.fieldline.support.identity.Caller;

/** Alarms are read by viewers; acknowledged and resolved with acknowledge_alarms, shelved with shelve_alarm. */
final class IncidentAccess {

    private IncidentAccess() {
    }

    static void require(Caller caller, Permission permission) {
        if (!caller.can(permission.wireName())) {
            throw new ForbiddenException("Not enough permissions.");
        }
    }
}
