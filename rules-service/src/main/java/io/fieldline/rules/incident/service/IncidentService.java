package io.fieldline.rules.incident.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Response;

import io.fieldline.model.IncidentStatus;
import io.fieldline.model.IncidentTransitioned;
import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.Permission;
import io.fieldline.model.PublicIds;
import io.fieldline.model.Severity;
import io.fieldline.rules.incident.store.HistoryEntry;
import io.fieldline.rules.incident.store.IncidentFilter;
import io.fieldline.rules.incident.store.IncidentStore;
import io.fieldline.rules.incident.store.StoredIncident;
import io.fieldline.rules.incident.store.TransitionRows;
import io.fieldline.support.http.ErrorResponses;
import io.fieldline.support.identity.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Incidents (alarms) of the caller's tenant: lists, detail with history, summary, and the operators' transitions.
 * A manual transition is committed only after Kafka acknowledged its record (the incident row stays locked while it
 * is in flight); without Kafka the caller gets 503 and nothing changes.
 */
@ApplicationScoped
public class IncidentService {

    private final IncidentStore store;
    private final IncidentPublisher publisher;

    IncidentService(IncidentStore store, IncidentPublisher publisher) {
        this.store = store;
        this.publisher = publisher;
    }

    /** One page of matching incidents, newest first. */
    public Uni<Page<StoredIncident>> list(Caller caller, IncidentFilter filter, PageRequest request) {
        IncidentAccess.require(caller, Permission.READ_DATA);
        return store.count(caller.tenant(), filter).flatMap(total -> total <= request.offset()
                ? Uni.createFrom().item(Page.of(request, total, List.<StoredIncident>of()))
                : store.page(caller.tenant(), filter, request.pageSize(), request.offset())
                        .map(rows -> Page.of(request, total, rows)));
    }

    /** An incident with its history. */
    public Uni<Map.Entry<StoredIncident, List<HistoryEntry>>> get(Caller caller, String publicId) {
        IncidentAccess.require(caller, Permission.READ_DATA);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(notFound(publicId));
        }
        return store.find(caller.tenant(), publicId)
                .map(found -> found.orElseThrow(() -> notFound(publicId)))
                .flatMap(incident -> store.history(incident.id()).map(history -> Map.entry(incident, history)));
    }

    /** Counts by status (all incidents) and by severity (open incidents). */
    public Uni<Map<String, Object>> summary(Caller caller) {
        IncidentAccess.require(caller, Permission.READ_DATA);
        return store.summary(caller.tenant()).map(rows -> {
            Map<String, Long> byStatus = new LinkedHashMap<>();
            for (IncidentStatus s : IncidentStatus.values()) {
                byStatus.put(TransitionRows.wire(s), 0L);
            }
            Map<String, Long> bySeverity = new LinkedHashMap<>();
            for (Severity s : Severity.values()) {
                bySeverity.put(TransitionRows.wire(s), 0L);
            }
            long total = 0;
            long open = 0;
            for (Object[] row : rows) {
                String status = (String) row[0];
                long count = (Long) row[2];
                total += count;
                byStatus.merge(status, count, Long::sum);
                if (IncidentStatus.valueOf(status.toUpperCase(Locale.ROOT)).isOpen()) {
                    open += count;
                    bySeverity.merge((String) row[1], count, Long::sum);
                }
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("total", total);
            summary.put("open", open);
            summary.put("by_status", byStatus);
            summary.put("by_severity", bySeverity);
            return summary;
        });
    }

    /** Applies an operator's transition; emits the incident as changed. */
    public Uni<StoredIncident> act(Caller caller, String publicId, ManualAction action) {
        IncidentAccess.require(caller, action.permission());
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(notFound(publicId));
        }
        return store.inTransaction(connection -> store.lock(connection, caller.tenant(), publicId)
                .map(found -> found.orElseThrow(() -> notFound(publicId)))
                .flatMap(incident -> {
                    if (!action.allowedFrom(incident.status())) {
                        throw conflict(incident.status(), action);
                    }
                    return change(connection, incident, caller.subject(), action)
                            .flatMap(ok -> store.reload(connection, incident.id()))
                            .flatMap(changed -> record(connection, incident, changed, caller.subject(), action));
                }))
                .onFailure(IncidentPublisher.NotAcknowledged.class).transform(e -> unavailable());
    }

    private Uni<Void> change(SqlConnection connection, StoredIncident incident, String actor, ManualAction action) {
        return switch (action.transition()) {
            case ACKNOWLEDGED -> store.acknowledge(connection, incident.id(), actor, action.note());
            case SHELVED -> store.shelve(connection, incident.id(), actor, action.until());
            case UNSHELVED -> store.unshelve(connection, incident.id());
            case RESOLVED -> store.resolve(connection, incident.id(), actor, action.note());
            default -> throw new IllegalArgumentException("Not a manual transition: " + action.transition());
        };
    }

    private Uni<StoredIncident> record(SqlConnection connection, StoredIncident before, StoredIncident after,
            String actor, ManualAction action) {
        IncidentTransitioned t = new IncidentTransitioned(after.tenant(), after.publicId(), after.rule().publicId(),
                after.rule().eventPublicId(), action.transition(), after.status(), after.severity(),
                after.lastValue(), actor, action.note(), Instant.now(), after.rule().snapshot());
        return TransitionRows.history(connection, after.id(), t, TransitionRows.wire(before.status()))
                .flatMap(ok -> publisher.publish(t.key(), t.tenantId().value(), TransitionRows.json(t)))
                .replaceWith(after);
    }

    static NotFoundException notFound(String publicId) {
        return new NotFoundException("Alarm '" + publicId + "' not found.");
    }

    private static ClientErrorException conflict(IncidentStatus status, ManualAction action) {
        return new ClientErrorException("Alarm is " + TransitionRows.wire(status) + "; it cannot be "
                + TransitionRows.wire(action.transition()) + ".", 409);
    }

    private static ServiceUnavailableException unavailable() {
        Response response = Response.fromResponse(ErrorResponses.of(503,
                "Incident stream unavailable; the alarm was not changed. Try again later."))
                .header("Retry-After", "5").build();
        return new ServiceUnavailableException(response);
    }
}
