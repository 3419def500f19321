package io.fieldline.webhook.delivery.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.support.identity.CurrentCaller;
import io.fieldline.webhook.delivery.service.DeliveryService;
import io.fieldline.webhook.delivery.store.StoredDelivery;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * The delivery log (seed 000 {@code GET /webhooks/{id}/deliveries}, seed 002 {@code GET /webhooks/deliveries}) and
 * the operations that send again: test event, redelivery, replay of dead letters. Admin only.
 */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class DeliveryResource {

    private final DeliveryService service;
    private final CurrentCaller caller;

    DeliveryResource(DeliveryService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    /** The deliveries of one subscription, newest first, optionally of one status. */
    @GET
    @Path("/{public_id}/deliveries")
    public Uni<Page<DeliveryResponse>> ofWebhook(@PathParam("public_id") String webhookId,
            @QueryParam("status") String status, @QueryParam("page") Integer page,
            @QueryParam("page_size") Integer pageSize) {
        PageRequest request = PageRequest.of(page, pageSize);
        return service.list(caller.get(), webhookId, status, request).map(found -> found.map(this::response));
    }

    /** The deliveries of every subscription of the tenant, newest first, optionally of one status. */
    @GET
    @Path("/deliveries")
    public Uni<Page<DeliveryResponse>> all(@QueryParam("status") String status, @QueryParam("page") Integer page,
            @QueryParam("page_size") Integer pageSize) {
        PageRequest request = PageRequest.of(page, pageSize);
        return service.list(caller.get(), null, status, request).map(found -> found.map(this::response));
    }

    /** One delivery with its body and attempt log. */
    @GET
    @Path("/deliveries/{delivery_id}")
    public Uni<DeliveryDetailResponse> get(@PathParam("delivery_id") String deliveryId) {
        return service.get(caller.get(), deliveryId).map(detail -> {
            StoredDelivery d = detail.delivery();
            return new DeliveryDetailResponse(d.publicId(), d.webhookPublicId(), d.messageId(), d.eventType(),
                    d.status(), d.attempts(), d.lastError(), d.responseCode(), d.createdOn(), d.deliveredOn(),
                    d.nextAttemptAt(), d.payload(), detail.attempts().stream()
                            .map(a -> new DeliveryDetailResponse.Attempt(a.attempt(), a.attemptedAt(),
                                    a.responseCode(), a.durationMs(), a.error(), a.responseExcerpt()))
                            .toList());
        });
    }

    /** Sends the delivery's message again (same webhook-id and body) as a new delivery; 202. */
    @POST
    @Path("/deliveries/{delivery_id}/redeliver")
    @ResponseStatus(202)
    public Uni<QueuedMessage> redeliver(@PathParam("delivery_id") String deliveryId) {
        return service.redeliver(caller.get(), deliveryId)
                .map(id -> new QueuedMessage("success", "Redelivery queued.", id, null));
    }

    /** Queues a {@code webhook.test} event for the subscription (seed 002); 202. */
    @POST
    @Path("/{public_id}/test")
    @ResponseStatus(202)
    public Uni<QueuedMessage> test(@PathParam("public_id") String webhookId) {
        return service.test(caller.get(), webhookId)
                .map(id -> new QueuedMessage("success", "Test delivery queued.", id, null));
    }

    /** Queues every dead letter of the subscription again (each once); 202 with how many. */
    @POST
    @Path("/{public_id}/replay-dead-letters")
    @ResponseStatus(202)
    public Uni<QueuedMessage> replay(@PathParam("public_id") String webhookId) {
        return service.replayDeadLetters(caller.get(), webhookId)
                .map(count -> new QueuedMessage("success", count + " dead letters queued.", null, count));
    }

    private DeliveryResponse response(StoredDelivery d) {
        return new DeliveryResponse(d.publicId(), d.webhookPublicId(), d.messageId(), d.eventType(), d.status(),
                d.attempts(), d.lastError(), d.responseCode(), d.createdOn(), d.deliveredOn(), d.nextAttemptAt());
    }
}
