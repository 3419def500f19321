package io.fieldline.gateway.audit.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.fieldline.gateway.audit.service.AuditEvents;
import io.fieldline.gateway.identity.CurrentGatewayCaller;
import io.fieldline.model.Page;
import io.smallrye.mutiny.Uni;

/** {@code GET /api/v1/audit/events}: the audit trail of the caller's tenant, newest first (admins only). */
@Path("/api/v1/audit/events")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditEvents events;
    private final CurrentGatewayCaller caller;

    AuditResource(AuditEvents events, CurrentGatewayCaller caller) {
        this.events = events;
        this.caller = caller;
    }

    /** Events filtered by actor (user public id), action (e.g. {@code DELETE /api/v1/users/{id}}) and time. */
    @GET
    public Uni<Page<AuditEventView>> list(@QueryParam("actor") String actor, @QueryParam("action") String action,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("page") Integer page,
            @QueryParam("page_size") Integer pageSize) {
        return events.list(caller.get(), new AuditEvents.Query(actor, action, from, to, page, pageSize))
                .map(found -> found.map(AuditEventView::of));
    }
}
