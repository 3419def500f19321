package io.fieldline.ingest.event.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Response;

import io.fieldline.ingest.activity.ActivityPublisher;
import io.fieldline.ingest.event.store.EventFields;
import io.fieldline.ingest.event.store.EventStore;
import io.fieldline.ingest.event.store.StoredEvent;
import io.fieldline.ingest.intake.store.IntakeCache;
import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.ActivityTypes;
import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.PublicIds;
import io.fieldline.support.http.ErrorResponses;
import io.fieldline.support.identity.Caller;
import io.smallrye.mutiny.Uni;

/**
 * Events (channels) of the caller's tenant: anyone with read_data lists and reads them, write_data creates, changes
 * and deletes them. An id of another tenant is answered exactly like an unknown id.
 */
@ApplicationScoped
public class EventService {

    private final EventStore store;
    private final ActivityPublisher activity;
    private final IntakeCache intake;

    EventService(EventStore store, ActivityPublisher activity, IntakeCache intake) {
        this.store = store;
        this.activity = activity;
        this.intake = intake;
    }

    /** Creates an event; fails with 409 when the tenant already has one of that name. */
    public Uni<StoredEvent> create(Caller caller, EventFields fields) {
        EventAccess.requireWrite(caller);
        EventRules.checkRange(fields);
        return store.insert(caller.tenant(), PublicIds.newId(), fields, caller.subject())
                .map(inserted -> inserted.orElseThrow(EventRules::duplicateName));
    }

    /** One page of the tenant's events, newest first. */
    public Uni<Page<StoredEvent>> list(Caller caller, PageRequest request) {
        EventAccess.requireRead(caller);
        return store.count(caller.tenant()).flatMap(total -> total <= request.offset()
                ? Uni.createFrom().item(Page.of(request, total, List.<StoredEvent>of()))
                : store.page(caller.tenant(), request.pageSize(), request.offset())
                        .map(rows -> Page.of(request, total, rows)));
    }

    /** The tenant's event; 404 when it does not exist in the tenant. */
    public Uni<StoredEvent> get(Caller caller, String publicId) {
        EventAccess.requireRead(caller);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(EventRules.notFound(publicId));
        }
        return store.find(caller.tenant(), publicId)
                .map(found -> found.orElseThrow(() -> EventRules.notFound(publicId)));
    }

    /** Changes the given fields; 404 for an unknown event, 409 for a taken name, 422 for an inverted range. */
    public Uni<StoredEvent> update(Caller caller, String publicId, EventFields changes) {
        EventAccess.requireWrite(caller);
        EventRules.checkRange(changes);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(EventRules.notFound(publicId));
        }
        return store.update(caller.tenant(), publicId, changes)
                .onFailure(EventStore::isDuplicateName).transform(e -> EventRules.duplicateName())
                // Only one bound given: the database compares it with the stored other bound.
                .onFailure(EventStore::isInvertedRange).transform(e -> EventRules.invertedRange())
                .map(updated -> updated.orElseThrow(() -> EventRules.notFound(publicId)));
    }

    /**
     * Deletes the event and announces it with {@code event.deleted}, so its datapoints and the rules that reference
     * it follow. The delete runs in a transaction that commits only after Kafka acknowledged the record: the row is
     * locked while the record is in flight (a concurrent delete waits and then finds nothing, so one deletion is
     * announced once), and when Kafka does not acknowledge, the delete rolls back and the caller gets 503 with the
     * event intact. Sending first and deleting after would need a separate existence check and could announce a
     * deletion twice.
     */
    public Uni<Void> delete(Caller caller, String publicId) {
        EventAccess.requireWrite(caller);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(EventRules.notFound(publicId));
        }
        ActivityOccurred deleted = new ActivityOccurred(caller.tenant(), ActivityTypes.EVENT_DELETED, publicId,
                caller.subject(), Map.of(), Instant.now());
        // Answered once no ingest replica accepts datapoints of the event any more.
        return intake.written(store.delete(caller.tenant(), publicId, () -> activity.publish(deleted)))
                .onFailure(ActivityPublisher.ActivityNotAcknowledged.class).transform(e -> unavailable())
                .flatMap(found -> found
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(EventRules.notFound(publicId)));
    }

    private static ServiceUnavailableException unavailable() {
        Response response = Response.fromResponse(ErrorResponses.of(503,
                "Event stream unavailable; the event was not deleted. Try again later."))
                .header("Retry-After", "5").build();
        return new ServiceUnavailableException(response);
    }
}
