package io.fieldline.gateway.live;

import io.fieldline.model.TenantId;

/**
 * Something one tenant's live sockets may be told, with its frames encoded once for all connections (the consumer
 * thread encodes, event loops only write).
 */
sealed interface LiveUpdate {

    /** The tenant whose connections may see it. */
    TenantId tenant();

    /**
     * The latest value of one event: connections keep only the newest per event until they can be written to.
     *
     * @param streamItem the {@code datapoints_batch} item of seed 000 ({@code value, event_public_id, timestamp,
     *        experiment_public_id})
     * @param typedFrame the whole {@code value_changed} message of {@code /ws}
     */
    record Value(TenantId tenant, String eventId, String streamItem, SharedFrame typedFrame) implements LiveUpdate {
    }

    /**
     * An alarm transition or an activity: delivered in order and never coalesced.
     *
     * @param eventId the event it is about, or null when it is about no single event (experiments, platform health)
     * @param type the {@code type} of the {@code /ws} message (e.g. {@code alarm_raised}, {@code experiment.started})
     * @param typedFrame the whole {@code /ws} message
     */
    record Notice(TenantId tenant, String eventId, String type, SharedFrame typedFrame) implements LiveUpdate {
    }
}
