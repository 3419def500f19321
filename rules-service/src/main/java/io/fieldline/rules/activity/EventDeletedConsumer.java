package io.fieldline.rules.activity;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.ActivityTypes;
import io.fieldline.model.ModelJson;
import io.fieldline.rules.engine.RuleCache;
import io.fieldline.rules.rule.store.RuleStore;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows {@code event.deleted} on {@code fieldline.activity.v1}: the rules of a deleted event are deleted too (seed
 * 000 cascades), so its late datapoints find no rule. Idempotent: a redelivered record finds nothing left to delete.
 */
@ApplicationScoped
public class EventDeletedConsumer {

    /** The incoming channel bound to {@code fieldline.activity.v1}. */
    public static final String CHANNEL = "activity-in";

    private static final Logger LOG = Logger.getLogger(EventDeletedConsumer.class);
    private static final ObjectMapper JSON = ModelJson.newMapper();

    private final RuleStore store;
    private final RuleCache cache;

    EventDeletedConsumer(RuleStore store, RuleCache cache) {
        this.store = store;
        this.cache = cache;
    }

    /** Deletes the rules of a deleted event; other activity is ignored. Waits out PostgreSQL outages. */
    @Incoming(CHANNEL)
    public Uni<Void> consume(String value) {
        ActivityOccurred activity;
        try {
            activity = JSON.readValue(value, ActivityOccurred.class);
        } catch (Exception e) {
            LOG.warnf("Skipping malformed activity record: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (!ActivityTypes.EVENT_DELETED.equals(activity.type())) {
            return Uni.createFrom().voidItem();
        }
        return store.deleteForEvent(activity.tenantId(), activity.subject())
                .onFailure().retry().withBackOff(java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(5))
                .indefinitely()
                .invoke(deleted -> deleted.forEach(cache::apply))
                .replaceWithVoid();
    }
}
