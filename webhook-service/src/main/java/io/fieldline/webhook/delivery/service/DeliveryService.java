package io.fieldline.webhook.delivery.service;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;

import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.PublicIds;
import io.fieldline.support.http.ValidationFailure;
import io.fieldline.support.identity.Caller;
import io.fieldline.webhook.EventTypes;
import io.fieldline.webhook.delivery.dispatch.Dispatcher;
import io.fieldline.webhook.delivery.store.DeliveryLogStore;
import io.fieldline.webhook.delivery.store.DeliveryStore;
import io.fieldline.webhook.delivery.store.StoredAttempt;
import io.fieldline.webhook.delivery.store.StoredDelivery;
import io.fieldline.webhook.source.FanOut;
import io.fieldline.webhook.source.Payloads;
import io.fieldline.webhook.subscription.service.WebhookRules;
import io.fieldline.webhook.subscription.service.WebhookService;
import io.smallrye.mutiny.Uni;

/** The delivery log of the caller's tenant and the operations on it (admin only). */
@ApplicationScoped
public class DeliveryService {

    /** The delivery statuses of seed 000. */
    public static final Set<String> STATUSES = Set.of("pending", "delivered", "failed", "dead_letter");

    private final WebhookService webhooks;
    private final DeliveryLogStore log;
    private final DeliveryStore deliveries;
    private final Dispatcher dispatcher;

    DeliveryService(WebhookService webhooks, DeliveryLogStore log, DeliveryStore deliveries, Dispatcher dispatcher) {
        this.webhooks = webhooks;
        this.log = log;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
    }

    /** A delivery with its attempts. */
    public record Detail(StoredDelivery delivery, List<StoredAttempt> attempts) {
    }

    /** Deliveries of one subscription ({@code webhookId} non-null, 404 when unknown) or of the tenant, newest first. */
    public Uni<Page<StoredDelivery>> list(Caller caller, String webhookId, String status, PageRequest request) {
        WebhookRules.requireManage(caller);
        if (status != null && !STATUSES.contains(status)) {
            throw ValidationFailure.query("status",
                    "Input should be 'pending', 'delivered', 'failed' or 'dead_letter'", "enum");
        }
        Uni<Void> exists = webhookId == null ? Uni.createFrom().voidItem()
                : webhooks.get(caller, webhookId).replaceWithVoid();
        return exists.flatMap(ok -> log.count(caller.tenant(), webhookId, status)).flatMap(total -> total <= request
                .offset()
                        ? Uni.createFrom().item(Page.of(request, total, List.<StoredDelivery>of()))
                        : log.page(caller.tenant(), webhookId, status, request.pageSize(), request.offset())
                                .map(rows -> Page.of(request, total, rows)));
    }

    /** One delivery of the tenant with its attempts. */
    public Uni<Detail> get(Caller caller, String deliveryId) {
        WebhookRules.requireManage(caller);
        if (!PublicIds.isWellFormed(deliveryId)) {
            return Uni.createFrom().failure(notFound(deliveryId));
        }
        return log.find(caller.tenant(), deliveryId).flatMap(found -> found
                .map(delivery -> log.attempts(delivery.id()).map(attempts -> new Detail(delivery, attempts)))
                .orElseGet(() -> Uni.createFrom().failure(notFound(deliveryId))));
    }

    /** Queues a test event for the subscription, whatever its event types; emits the delivery's public id. */
    public Uni<String> test(Caller caller, String webhookId) {
        return webhooks.get(caller, webhookId).flatMap(webhook -> {
            String source = "test/" + PublicIds.newId();
            return deliveries.insertOne(caller.tenant(), webhook.id(), FanOut.newMessageId(), EventTypes.TEST,
                    Payloads.test(webhook.publicId(), Instant.now()), source);
        }).invoke(dispatcher::wake);
    }

    /** Queues the delivery's message again (same webhook-id and body) as a new delivery; emits its public id. */
    public Uni<String> redeliver(Caller caller, String deliveryId) {
        WebhookRules.requireManage(caller);
        if (!PublicIds.isWellFormed(deliveryId)) {
            return Uni.createFrom().failure(notFound(deliveryId));
        }
        String newId = PublicIds.newId();
        return log.redeliver(caller.tenant(), deliveryId, newId).map(found -> {
            if (!found) {
                throw notFound(deliveryId);
            }
            dispatcher.wake();
            return newId;
        });
    }

    /** Queues every dead letter of the subscription not replayed before; emits how many. */
    public Uni<Integer> replayDeadLetters(Caller caller, String webhookId) {
        return webhooks.get(caller, webhookId)
                .flatMap(webhook -> log.replayDeadLetters(caller.tenant(), webhook.publicId()))
                .invoke(count -> dispatcher.wake());
    }

    private static NotFoundException notFound(String deliveryId) {
        return new NotFoundException("Delivery '" + deliveryId + "' not found.");
    }
}
