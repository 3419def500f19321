package io.fieldline.webhook.source;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.ActivityTypes;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code fieldline.activity.v1} → {@code experiment.started}, {@code experiment.stopped} (seed 000 payloads) and
 * {@code system.health_changed}; other activity types are not webhook events.
 */
@ApplicationScoped
public class ActivitySource {

    /** The incoming channel bound to {@code fieldline.activity.v1}. */
    public static final String CHANNEL = "activity-in";

    private final FanOut fanOut;

    ActivitySource(FanOut fanOut) {
        this.fanOut = fanOut;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return SourceRecords.read(record, ActivityOccurred.class).map(activity -> {
            String payload = switch (activity.type()) {
                case ActivityTypes.EXPERIMENT_STARTED, ActivityTypes.EXPERIMENT_STOPPED ->
                    Payloads.experiment(activity);
                case ActivityTypes.SYSTEM_HEALTH_CHANGED -> Payloads.healthChanged(activity);
                default -> null;
            };
            return payload == null ? Uni.createFrom().voidItem()
                    : fanOut.deliver(activity.tenantId(), activity.type(), payload, SourceRecords.key(record));
        }).orElseGet(() -> Uni.createFrom().voidItem());
    }
}
