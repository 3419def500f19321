package io.fieldline.webhook.source;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.TenantId;
import io.fieldline.webhook.delivery.dispatch.Dispatcher;
import io.fieldline.webhook.delivery.store.DeliveryStore;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * Turns one source event into deliveries for every enabled subscription of the tenant that lists its type, and
 * wakes the dispatcher. Idempotent per source key; database failures are retried (the Kafka record is acknowledged
 * only once its deliveries exist, so none is lost).
 */
@ApplicationScoped
public class FanOut {

    private static final Logger LOG = Logger.getLogger(FanOut.class);

    private final DeliveryStore store;
    private final Dispatcher dispatcher;

    FanOut(DeliveryStore store, Dispatcher dispatcher) {
        this.store = store;
        this.dispatcher = dispatcher;
    }

    /** A new Standard Webhooks message id ({@code msg_} and 32 hex digits). */
    public static String newMessageId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Creates the deliveries of one event; {@code sourceKey} identifies the event (and type) for idempotency. */
    Uni<Void> deliver(TenantId tenant, String type, String payload, String sourceKey) {
        return retried(store.fanOut(tenant, type, newMessageId(), payload, sourceKey), sourceKey)
                .invoke(created -> {
                    if (created > 0) {
                        dispatcher.wake();
                    }
                }).replaceWithVoid();
    }

    /** Retries a database step with backoff until it succeeds: the source partition waits, nothing is skipped. */
    static <T> Uni<T> retried(Uni<T> step, String what) {
        return step.onFailure().invoke(failure -> LOG.warnf("Creating deliveries for %s failed, retrying: %s", what,
                failure.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }
}
