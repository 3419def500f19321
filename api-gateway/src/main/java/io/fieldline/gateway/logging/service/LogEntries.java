package io.fieldline.gateway.logging.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;

import io.fieldline.gateway.identity.GatewayCaller;
import io.fieldline.gateway.logging.LogBook;
import io.fieldline.gateway.logging.store.LogEntryRow;
import io.fieldline.gateway.logging.store.LogEntryStore;
import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.Permission;
import io.smallrye.mutiny.Uni;

/** The seed 000 log of the caller's tenant: anyone reads it, operators and admins write it. */
@ApplicationScoped
public class LogEntries {

    private final LogEntryStore store;
    private final LogBook book;

    LogEntries(LogEntryStore store, LogBook book) {
        this.store = store;
        this.book = book;
    }

    /** One page of the tenant's entries, newest first. */
    public Uni<Page<LogEntryRow>> list(GatewayCaller caller, PageRequest page) {
        requireReader(caller);
        long tenant = caller.tenantRowId();
        return store.count(tenant).flatMap(total -> total <= page.offset()
                ? Uni.createFrom().item(Page.<LogEntryRow>of(page, total, List.of()))
                : store.page(tenant, page).map(rows -> Page.of(page, total, rows)));
    }

    /**
     * The tenant's entry.
     *
     * @throws NotFoundException (404) if the tenant has no such entry
     */
    public Uni<LogEntryRow> get(GatewayCaller caller, String publicId) {
        requireReader(caller);
        return store.find(caller.tenantRowId(), publicId)
                .map(found -> found.orElseThrow(() -> notFound(publicId)));
    }

    /** Adds an entry by the caller; a null type means {@code info}. Answers the new entry's public id. */
    public Uni<String> create(GatewayCaller caller, String content, String loggingType) {
        requireWriter(caller);
        return book.create(caller.tenantRowId(), content, loggingType == null ? LogBook.INFO : loggingType,
                caller.subject());
    }

    /**
     * Marks the tenant's entry read or unread and/or replaces its content (null leaves a field as it is).
     *
     * @throws NotFoundException (404) if the tenant has no such entry
     */
    public Uni<Void> update(GatewayCaller caller, String publicId, String statusType, String content) {
        requireWriter(caller);
        return store.update(caller.tenantRowId(), publicId, statusType, content).map(updated -> {
            if (!updated) {
                throw notFound(publicId);
            }
            return null;
        });
    }

    private static void requireReader(GatewayCaller caller) {
        if (!caller.permissions().contains(Permission.READ_DATA.wireName())) {
            throw new ForbiddenException("Viewer privileges required.");
        }
    }

    private static void requireWriter(GatewayCaller caller) {
        if (!caller.permissions().contains(Permission.WRITE_DATA.wireName())) {
            throw new ForbiddenException("Operator privileges required.");
        }
    }

    // Seed 000's wording; an entry of another tenant is answered exactly like a missing one.
    private static NotFoundException notFound(String publicId) {
        return new NotFoundException("LogEntry '" + publicId + "' not found.");
    }
}
