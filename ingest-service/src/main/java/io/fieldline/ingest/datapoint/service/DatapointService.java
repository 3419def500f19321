package io.fieldline.ingest.datapoint.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;

import io.fieldline.ingest.datapoint.store.DatapointStore;
import io.fieldline.ingest.datapoint.store.RollupStore;
import io.fieldline.ingest.datapoint.store.StoredDatapoint;
import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.PublicIds;
import io.fieldline.support.identity.Caller;
import io.smallrye.mutiny.Uni;

/**
 * Stored datapoints of the caller's tenant: read with read_data, deleted with write_data. An id of another tenant is
 * answered exactly like an unknown id.
 */
@ApplicationScoped
public class DatapointService {

    private final DatapointStore store;
    private final RollupStore rollups;

    DatapointService(DatapointStore store, RollupStore rollups) {
        this.store = store;
        this.rollups = rollups;
    }

    /** One page of the tenant's datapoints, newest first. */
    public Uni<Page<StoredDatapoint>> list(Caller caller, PageRequest request) {
        DatapointAccess.requireRead(caller);
        return store.count(caller.tenant()).flatMap(total -> total <= request.offset()
                ? Uni.createFrom().item(Page.of(request, total, List.<StoredDatapoint>of()))
                : store.page(caller.tenant(), request.pageSize(), request.offset())
                        .map(rows -> Page.of(request, total, rows)));
    }

    /** The tenant's datapoint; 404 otherwise. */
    public Uni<StoredDatapoint> get(Caller caller, String publicId) {
        DatapointAccess.requireRead(caller);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(notFound(publicId));
        }
        return store.find(caller.tenant(), publicId).map(found -> found.orElseThrow(() -> notFound(publicId)));
    }

    /** Deletes the tenant's datapoint, keeping its rollup bucket and its event's latest value right; 404 otherwise. */
    public Uni<Void> delete(Caller caller, String publicId) {
        DatapointAccess.requireWrite(caller);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(notFound(publicId));
        }
        return store.delete(caller.tenant(), publicId).flatMap(found -> found
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(notFound(publicId)));
    }

    /** The latest datapoint per event of the tenant. */
    public Uni<List<StoredDatapoint>> latest(Caller caller) {
        DatapointAccess.requireRead(caller);
        return store.latest(caller.tenant());
    }

    /** Each requested event's downsampled series of the last {@code minutes}; every id is a key (maybe empty). */
    public Uni<Map<String, List<StoredDatapoint>>> series(Caller caller, List<String> eventPublicIds, int minutes,
            int maxPoints) {
        DatapointAccess.requireRead(caller);
        Instant from = Instant.now().minus(minutes, ChronoUnit.MINUTES);
        List<String> ids = eventPublicIds.stream().distinct().toList();
        List<Uni<List<StoredDatapoint>>> queries = new ArrayList<>();
        ids.forEach(id -> queries.add(store.series(caller.tenant(), id, from, maxPoints)));
        return Uni.join().all(queries).andFailFast().map(results -> {
            Map<String, List<StoredDatapoint>> byEvent = new LinkedHashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                byEvent.put(ids.get(i), results.get(i));
            }
            return byEvent;
        });
    }

    /**
     * Per requested event (every id is a key, in the order asked), the JSON array of its buckets from the rollups;
     * {@code []} for an event without data or unknown in the tenant.
     */
    public Uni<Map<String, String>> aggregate(Caller caller, AggregateQuery query) {
        DatapointAccess.requireRead(caller);
        return rollups.aggregate(caller.tenant(), query.eventPublicIds(), query.from(), query.to(), query.interval(),
                query.functions()).map(found -> {
                    Map<String, String> byEvent = new LinkedHashMap<>();
                    query.eventPublicIds().forEach(id -> byEvent.put(id, found.getOrDefault(id, "[]")));
                    return byEvent;
                });
    }

    private static NotFoundException notFound(String publicId) {
        return new NotFoundException("Datapoint '" + publicId + "' not found.");
    }
}
