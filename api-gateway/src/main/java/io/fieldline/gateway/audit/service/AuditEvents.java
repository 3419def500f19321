package io.fieldline.gateway.audit.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ForbiddenException;

import io.fieldline.gateway.audit.store.AuditEventRow;
import io.fieldline.gateway.audit.store.AuditEventStore;
import io.fieldline.gateway.audit.store.AuditFilter;
import io.fieldline.gateway.identity.GatewayCaller;
import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.Permission;
import io.fieldline.support.http.ValidationFailure;
import io.smallrye.mutiny.Uni;

/** Reading the audit trail of the caller's tenant (admins only). */
@ApplicationScoped
public class AuditEvents {

    /** The raw query of a listing; every condition is optional. */
    public record Query(String actor, String action, String from, String to, Integer page, Integer pageSize) {
    }

    private final AuditEventStore store;

    AuditEvents(AuditEventStore store) {
        this.store = store;
    }

    /**
     * One page of the tenant's events matching the query, newest first.
     *
     * @throws ForbiddenException (403) without {@link Permission#READ_AUDIT}
     * @throws ValidationFailure (422) for an unreadable time, {@code from} after {@code to}, or a bad page
     */
    public Uni<Page<AuditEventRow>> list(GatewayCaller caller, Query query) {
        if (!caller.permissions().contains(Permission.READ_AUDIT.wireName())) {
            throw new ForbiddenException("Admin privileges required.");
        }
        Instant from = IsoTimes.parse("from", query.from());
        Instant to = IsoTimes.parse("to", query.to());
        if (from != null && to != null && from.isAfter(to)) {
            throw ValidationFailure.query("from", "from must be <= to.", "value_error");
        }
        PageRequest page = PageRequest.of(query.page(), query.pageSize());
        AuditFilter filter = new AuditFilter(blankToNull(query.actor()), blankToNull(query.action()), from, to);
        long tenant = caller.tenantRowId();
        return store.count(tenant, filter).flatMap(total -> total <= page.offset()
                ? Uni.createFrom().item(Page.<AuditEventRow>of(page, total, List.of()))
                : store.page(tenant, filter, page).map(rows -> Page.of(page, total, rows)));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
