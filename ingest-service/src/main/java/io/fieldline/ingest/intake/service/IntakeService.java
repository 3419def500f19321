package io.fieldline.ingest.intake.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Response;

import io.fieldline.ingest.IngestConfig;
import io.fieldline.ingest.intake.kafka.DatapointPublisher;
import io.fieldline.ingest.intake.store.IntakeLookup;
import io.fieldline.ingest.intake.store.IntakeLookup.TenantView;
import io.fieldline.model.Datapoint;
import io.fieldline.model.DatapointsReceived;
import io.fieldline.model.Permission;
import io.fieldline.model.PublicIds;
import io.fieldline.support.http.ErrorResponses;
import io.fieldline.support.identity.Caller;
import io.smallrye.mutiny.Uni;

/**
 * Accepts datapoints into the stream: refuses those of unknown events and those stamped too far in the future, tags
 * the rest with the tenant's running experiment, produces one {@link DatapointsReceived} per event and answers once
 * Kafka acknowledged all of them. A 2xx therefore means the data is durable; when Kafka does not acknowledge, the
 * caller gets 503 and may send again (delivery is at-least-once; consumers deduplicate by datapoint id, so a retry
 * after a lost answer can duplicate a reading under a new id, never lose one).
 */
@ApplicationScoped
public class IntakeService {

    private static final Comparator<Rejection> BY_INDEX = Comparator.comparingInt(Rejection::index);
    private static final TenantView NO_EVENTS = new TenantView(Set.of(), null);

    private final IntakeLookup lookup;
    private final DatapointPublisher publisher;
    private final IngestConfig.Intake config;

    IntakeService(IntakeLookup lookup, DatapointPublisher publisher, IngestConfig config) {
        this.lookup = lookup;
        this.publisher = publisher;
        this.config = config.intake();
    }

    /**
     * Checks that the caller may write datapoints; called before the body is read.
     *
     * @throws ForbiddenException (403, seed 000's message) without {@link Permission#WRITE_DATA}
     */
    public void requireWrite(Caller caller) {
        if (!caller.can(Permission.WRITE_DATA.wireName())) {
            throw new ForbiddenException("Operator privileges required.");
        }
    }

    /** The most datapoints one batch request may carry. */
    public int batchMaxItems() {
        return config.batchMaxItems();
    }

    /**
     * Accepts the well-formed datapoints of {@code incoming} that pass the checks, all stamped {@code now} unless the
     * device gave a time, and received at {@code now}.
     */
    public Uni<IntakeResult> accept(Caller caller, IncomingDatapoints incoming, Instant now) {
        requireWrite(caller);
        List<Rejection> rejected = new ArrayList<>(incoming.rejections());
        String[] candidates = candidateEvents(incoming, now, rejected);
        if (candidates.length == 0) {
            // Nothing to look up: every remaining datapoint names a malformed id, so none is accepted.
            return publish(caller, incoming, now, NO_EVENTS, rejected);
        }
        return lookup.lookup(caller.tenant(), candidates)
                .onFailure().transform(e -> unavailable("Database unavailable; nothing was accepted", e))
                .flatMap(view -> publish(caller, incoming, now, view, rejected));
    }

    // The distinct well-formed event ids of datapoints that are not stamped too far ahead; rejects the others.
    private String[] candidateEvents(IncomingDatapoints incoming, Instant now, List<Rejection> rejected) {
        Instant latest = now.plus(config.maxFutureSkew());
        Map<String, Boolean> distinct = new HashMap<>();
        for (int i = 0; i < incoming.size(); i++) {
            Instant timestamp = incoming.timestamp(i);
            if (timestamp != null && timestamp.isAfter(latest)) {
                rejected.add(new Rejection(incoming.index(i), "timestamp", "Timestamp is more than "
                        + config.maxFutureSkew().toMinutes() + " minutes in the future", "timestamp_in_future"));
            } else {
                // A malformed id cannot name an event: it is not looked up, and rejected as unknown below.
                distinct.computeIfAbsent(incoming.eventId(i), PublicIds::isWellFormed);
            }
        }
        return distinct.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .toArray(String[]::new);
    }

    private Uni<IntakeResult> publish(Caller caller, IncomingDatapoints incoming, Instant now, TenantView view,
            List<Rejection> rejected) {
        Instant latest = now.plus(config.maxFutureSkew());
        // Insertion-ordered, so records (and datapoints within them) keep the order the client sent.
        Map<String, List<Datapoint>> byEvent = new LinkedHashMap<>();
        String firstId = null;
        int accepted = 0;
        for (int i = 0; i < incoming.size(); i++) {
            Instant timestamp = incoming.timestamp(i);
            if (timestamp != null && timestamp.isAfter(latest)) {
                continue; // rejected above
            }
            String eventId = incoming.eventId(i);
            if (!view.knownEventIds().contains(eventId)) {
                rejected.add(new Rejection(incoming.index(i), "event_public_id", "Event not found.",
                        Rejection.UNKNOWN_EVENT));
                continue;
            }
            Datapoint datapoint = new Datapoint(PublicIds.newTimeOrderedId(), incoming.value(i),
                    timestamp == null ? now : timestamp, incoming.quality(i), view.runningExperimentId());
            byEvent.computeIfAbsent(eventId, id -> new ArrayList<>()).add(datapoint);
            if (firstId == null) {
                firstId = datapoint.id();
            }
            accepted++;
        }
        if (accepted == 0) {
            return Uni.createFrom().item(result(0, rejected, null));
        }
        List<DatapointsReceived> records = new ArrayList<>(byEvent.size());
        byEvent.forEach((eventId, datapoints) -> records.add(
                new DatapointsReceived(caller.tenant(), eventId, datapoints, now)));
        IntakeResult result = result(accepted, rejected, firstId);
        return publisher.publish(records, now)
                .onFailure().transform(e -> unavailable("Datapoint stream unavailable; nothing was accepted", e))
                .replaceWith(result);
    }

    private static IntakeResult result(int accepted, List<Rejection> rejected, String firstId) {
        rejected.sort(BY_INDEX);
        return new IntakeResult(accepted, rejected, firstId);
    }

    private static ServiceUnavailableException unavailable(String what, Throwable cause) {
        Response response = Response.fromResponse(ErrorResponses.of(503, what + ". Try again later."))
                .header("Retry-After", "5").build();
        return new ServiceUnavailableException(response, cause);
    }
}
