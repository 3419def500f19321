package io.fieldline.rules.rule.api;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.SuccessMessage;
import io.fieldline.rules.rule.service.RuleService;
import io.fieldline.rules.rule.store.RuleFields;
import io.fieldline.support.http.ValidationFailure;
import io.fieldline.support.identity.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.ResponseStatus;

/** {@code /api/v1/rules}: the threshold (and Fieldline) rules of the caller's tenant (seed 000 "Rules"). */
@Path("/api/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RuleResource {

    private final RuleService service;
    private final CurrentCaller caller;

    RuleResource(RuleService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    /** Creates a rule; 201 with seed 000's StatusResponse and the new public_id. */
    @POST
    @ResponseStatus(201)
    public Uni<SuccessMessage> create(@Valid CreateRuleRequest body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (body == null) {
            throw ValidationFailure.body("name", "Field required", "missing");
        }
        RuleFields fields = new RuleFields(body.name(), body.eventPublicId(), body.kind(), body.operator(),
                body.threshold(), body.thresholdHigh(), body.actionType(), body.webhookEventType(), body.enabled(),
                body.cooldownSeconds(), body.severity(), body.deadband(), body.delaySeconds(), body.windowSeconds(),
                body.windowSize(), body.staleSeconds());
        return service.create(caller.get(), authorization, fields)
                .map(created -> SuccessMessage.about("Rule successfully created.", created.publicId()));
    }

    /** The tenant's rules, newest first. */
    @GET
    public Uni<Page<RuleResponse>> list(@QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        PageRequest request = PageRequest.of(page, pageSize);
        return service.list(caller.get(), request).map(found -> found.map(RuleResponse::of));
    }

    /** One rule of the tenant. */
    @GET
    @Path("/{public_id}")
    public Uni<RuleResponse> get(@PathParam("public_id") String publicId) {
        return service.get(caller.get(), publicId).map(RuleResponse::of);
    }

    /** Changes the fields given in the body; the merged rule is validated again. */
    @PUT
    @Path("/{public_id}")
    public Uni<SuccessMessage> update(@PathParam("public_id") String publicId, @Valid UpdateRuleRequest body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        RuleFields changes = body == null
                ? new RuleFields(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null)
                : new RuleFields(body.name(), body.eventPublicId(), body.kind(), body.operator(), body.threshold(),
                        body.thresholdHigh(), body.actionType(), body.webhookEventType(), body.enabled(),
                        body.cooldownSeconds(), body.severity(), body.deadband(), body.delaySeconds(),
                        body.windowSeconds(), body.windowSize(), body.staleSeconds());
        return service.update(caller.get(), authorization, publicId, changes)
                .replaceWith(SuccessMessage.of("Rule successfully updated."));
    }

    /** Deletes a rule; its incidents keep their history. */
    @DELETE
    @Path("/{public_id}")
    public Uni<SuccessMessage> delete(@PathParam("public_id") String publicId) {
        return service.delete(caller.get(), publicId).replaceWith(SuccessMessage.of("Rule successfully deleted."));
    }
}
