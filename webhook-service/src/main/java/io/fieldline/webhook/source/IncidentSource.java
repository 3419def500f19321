package io.fieldline.webhook.source;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.IncidentTransition;
import io.fieldline.model.IncidentTransitioned;
import io.fieldline.webhook.EventTypes;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code fieldline.incidents.v1} → every transition as {@code alarm.<transition>}; a {@code raised} transition of a
 * rule whose action is {@code webhook} also as the rule's webhook event type (seed 000, default
 * {@code sensor.threshold_exceeded}).
 */
@ApplicationScoped
public class IncidentSource {

    /** The incoming channel bound to {@code fieldline.incidents.v1}. */
    public static final String CHANNEL = "incidents-in";

    private final FanOut fanOut;

    IncidentSource(FanOut fanOut) {
        this.fanOut = fanOut;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return SourceRecords.read(record, IncidentTransitioned.class).map(incident -> {
            String key = SourceRecords.key(record);
            List<Uni<Void>> steps = new ArrayList<>(2);
            if (incident.transition() == IncidentTransition.RAISED && incident.rule() != null
                    && "webhook".equals(incident.rule().actionType())) {
                String type = incident.rule().webhookEventType() == null ? EventTypes.THRESHOLD_EXCEEDED
                        : incident.rule().webhookEventType();
                steps.add(fanOut.deliver(incident.tenantId(), type, Payloads.thresholdExceeded(type, incident),
                        key + "/" + type));
            }
            String alarm = EventTypes.alarm(incident.transition());
            steps.add(fanOut.deliver(incident.tenantId(), alarm, Payloads.alarm(incident), key + "/" + alarm));
            return Uni.join().all(steps).andFailFast().replaceWithVoid();
        }).orElseGet(() -> Uni.createFrom().voidItem());
    }
}
