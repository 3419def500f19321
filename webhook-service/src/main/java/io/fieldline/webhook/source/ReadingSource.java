package io.fieldline.webhook.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.Datapoint;
import io.fieldline.model.DatapointsReceived;
import io.fieldline.model.RecordKeys;
import io.fieldline.model.TenantId;
import io.fieldline.webhook.EventTypes;
import io.fieldline.webhook.WebhookConfig;
import io.fieldline.webhook.delivery.dispatch.Dispatcher;
import io.fieldline.webhook.delivery.store.DeliveryStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code fieldline.datapoints.v1} → {@code sensor.reading} with the batch's latest value, at most once per event per
 * throttle window (seed 000: 5 s), across replicas. Tenants without a {@code sensor.reading} subscription are
 * skipped from a small cache (refreshed every few seconds) so the datapoint stream costs no query per record.
 */
@ApplicationScoped
public class ReadingSource {

    /** The incoming channel bound to {@code fieldline.datapoints.v1}. */
    public static final String CHANNEL = "datapoints-in";
    private static final Duration CACHE_TTL = Duration.ofSeconds(3);
    private static final int CACHE_LIMIT = 10_000;

    private final DeliveryStore store;
    private final Dispatcher dispatcher;
    private final WebhookConfig config;
    // tenant → (has subscribers, valid until nanoTime); cleared when it grows past CACHE_LIMIT.
    private final Map<TenantId, long[]> subscribers = new LinkedHashMap<>();

    ReadingSource(DeliveryStore store, Dispatcher dispatcher, WebhookConfig config) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.config = config;
    }

    // Whether the tenant has subscribers, if known and fresh; null otherwise.
    private Boolean cachedSubscribers(TenantId tenant, long now) {
        synchronized (subscribers) {
            long[] cached = subscribers.get(tenant);
            return cached != null && cached[1] - now > 0 ? cached[0] == 1 : null;
        }
    }

    /**
     * Takes a polled batch (record-by-record consumption cost a third of a core at 20,000 records/s just in
     * per-message plumbing) of undecoded values (decoding every value to a String was a tenth of the service's CPU in
     * bench-rules, where no record was wanted). Records of tenants known to have no {@code sensor.reading}
     * subscription are dropped in a plain loop; the rest are handled one after the other, in order, and the batch is
     * acknowledged once all are.
     */
    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> wanted = new ArrayList<>();
        long now = System.nanoTime();
        for (ConsumerRecord<String, byte[]> record : records) {
            TenantId keyTenant = tenantOf(record.key());
            if (keyTenant == null || !Boolean.FALSE.equals(cachedSubscribers(keyTenant, now))) {
                wanted.add(record);
            }
        }
        if (wanted.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(wanted)
                .onItem().transformToUniAndConcatenate(this::consume)
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        // The key starts with the tenant (RecordKeys.datapoints): unwatched records are dropped before their JSON.
        TenantId keyTenant = tenantOf(record.key());
        if (keyTenant == null) {
            return deliverIfSubscribed(record);
        }
        return hasSubscribers(keyTenant)
                .flatMap(has -> has ? deliverIfSubscribed(record) : Uni.createFrom().voidItem());
    }

    private static TenantId tenantOf(String key) {
        try {
            return key == null ? null : RecordKeys.tenantOf(key);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Uni<Void> deliverIfSubscribed(ConsumerRecord<String, byte[]> record) {
        return SourceRecords.read(record, DatapointsReceived.class)
                .map(batch -> hasSubscribers(batch.tenantId()).flatMap(has -> has ? deliver(record, batch)
                        : Uni.createFrom().voidItem()))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    private Uni<Void> deliver(ConsumerRecord<String, byte[]> record, DatapointsReceived batch) {
        Datapoint latest = batch.datapoints().get(batch.datapoints().size() - 1);
        String payload = Payloads.reading(batch.eventId(), latest.value(), latest.timestamp());
        return FanOut.retried(store.fanOutThrottled(batch.tenantId(), EventTypes.SENSOR_READING,
                FanOut.newMessageId(), payload, SourceRecords.key(record), batch.eventId(), batch.receivedAt(),
                config.readingThrottle()), SourceRecords.key(record)).invoke(created -> {
                    if (created > 0) {
                        dispatcher.wake();
                    }
                }).replaceWithVoid();
    }

    private Uni<Boolean> hasSubscribers(TenantId tenant) {
        long now = System.nanoTime();
        Boolean cached = cachedSubscribers(tenant, now);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return FanOut.retried(store.hasSubscribers(tenant, EventTypes.SENSOR_READING), "sensor.reading lookup")
                .invoke(has -> {
                    synchronized (subscribers) {
                        if (subscribers.size() >= CACHE_LIMIT) {
                            subscribers.clear();
                        }
                        subscribers.put(tenant, new long[]{ has ? 1 : 0, now + CACHE_TTL.toNanos() });
                    }
                });
    }
}
