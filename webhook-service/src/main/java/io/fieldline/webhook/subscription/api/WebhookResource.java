package io.fieldline.webhook.subscription.api;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.SuccessMessage;
import io.fieldline.support.http.ValidationFailure;
import io.fieldline.support.identity.CurrentCaller;
import io.fieldline.webhook.subscription.service.WebhookService;
import io.fieldline.webhook.subscription.store.StoredWebhook;
import io.fieldline.webhook.subscription.store.WebhookFields;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.ResponseStatus;

/** {@code /api/v1/webhooks}: the webhook subscriptions of the caller's tenant (seed 000 "Webhooks"; admin only). */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WebhookResource {

    private final WebhookService service;
    private final CurrentCaller caller;

    WebhookResource(WebhookService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    /** Creates a subscription; 201 with seed 000's StatusResponse, the public_id and a generated secret if any. */
    @POST
    @ResponseStatus(201)
    public Uni<SecretMessage> create(@Valid CreateWebhookRequest body) {
        if (body == null) {
            throw ValidationFailure.body("url", "Field required", "missing");
        }
        WebhookFields fields = new WebhookFields(body.url(), body.events(),
                body.enabled() == null || body.enabled(), body.paused() != null && body.paused(),
                body.retrySchedule(), null);
        return service.create(caller.get(), fields, body.secret()).map(created -> SecretMessage
                .of("Webhook successfully created.", created.webhook().publicId(), created.generatedSecret()));
    }

    /** The tenant's subscriptions, newest first. */
    @GET
    public Uni<Page<WebhookResponse>> list(@QueryParam("page") Integer page,
            @QueryParam("page_size") Integer pageSize) {
        PageRequest request = PageRequest.of(page, pageSize);
        return service.list(caller.get(), request).map(found -> found.map(WebhookResource::response));
    }

    /** The tenant's delivery switch (seed 002). */
    @GET
    @Path("/config")
    public Uni<TenantSettings> config() {
        return service.tenantPaused(caller.get()).map(TenantSettings::new);
    }

    /** Pauses or resumes every delivery of the tenant; paused deliveries wait, none is dropped. */
    @PUT
    @Path("/config")
    public Uni<TenantSettings> setConfig(@Valid TenantSettings body) {
        if (body == null) {
            throw ValidationFailure.body("paused", "Field required", "missing");
        }
        return service.setTenantPaused(caller.get(), body.paused()).replaceWith(body);
    }

    /** One subscription. */
    @GET
    @Path("/{public_id}")
    public Uni<WebhookResponse> get(@PathParam("public_id") String publicId) {
        return service.get(caller.get(), publicId).map(WebhookResource::response);
    }

    /** Changes the fields given in the body. */
    @PUT
    @Path("/{public_id}")
    public Uni<SuccessMessage> update(@PathParam("public_id") String publicId, @Valid UpdateWebhookRequest body) {
        UpdateWebhookRequest changes = body == null ? new UpdateWebhookRequest() : body;
        WebhookFields fields = new WebhookFields(changes.url, changes.events, changes.enabled, changes.paused,
                changes.retrySchedule(), null);
        return service.update(caller.get(), publicId, fields, changes.secret, changes.retryScheduleSet())
                .map(updated -> SuccessMessage.about("Webhook successfully updated.", updated.publicId()));
    }

    /** Replaces the secret, keeping the old one signing for a grace period. */
    @POST
    @Path("/{public_id}/rotate-secret")
    public Uni<SecretMessage> rotate(@PathParam("public_id") String publicId, @Valid RotateSecretRequest body) {
        String secret = body == null ? null : body.secret();
        Duration grace = body == null || body.graceSeconds() == null ? null
                : Duration.ofSeconds(body.graceSeconds());
        return service.rotate(caller.get(), publicId, secret, grace).map(rotated -> SecretMessage
                .of("Webhook secret successfully rotated.", rotated.webhook().publicId(), rotated.generatedSecret()));
    }

    /** Deletes a subscription with its delivery log. */
    @DELETE
    @Path("/{public_id}")
    public Uni<SuccessMessage> delete(@PathParam("public_id") String publicId) {
        return service.delete(caller.get(), publicId).replaceWith(SuccessMessage.of("Webhook successfully deleted."));
    }

    static WebhookResponse response(StoredWebhook webhook) {
        return new WebhookResponse(webhook.publicId(), webhook.url(), webhook.events(), webhook.enabled(),
                webhook.paused(), webhook.retrySchedule(), webhook.createdOn(), webhook.updatedOn(),
                webhook.userPublicId(), webhook.failingSince(), webhook.disabledReason());
    }
}
