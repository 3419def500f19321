package io.fieldline.ingest.event.api;

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

import io.fieldline.ingest.event.service.EventService;
import io.fieldline.ingest.event.store.EventFields;
import io.fieldline.ingest.event.store.StoredEvent;
import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.SuccessMessage;
import io.fieldline.support.http.ValidationFailure;
import io.fieldline.support.identity.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.ResponseStatus;

/** {@code /api/v1/events}: the events (channels) of the caller's tenant (seed 000 "Events"). */
@Path("/api/v1/events")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EventResource {

    private final EventService service;
    private final CurrentCaller caller;

    EventResource(EventService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    /** Creates an event; 201 with seed 000's StatusResponse and the new public_id. */
    @POST
    @ResponseStatus(201)
    public Uni<SuccessMessage> create(@Valid CreateEventRequest body) {
        if (body == null) {
            throw ValidationFailure.body("name", "Field required", "missing");
        }
        EventFields fields = new EventFields(body.name(), body.minValue(), body.maxValue(), body.unit(), body.type());
        return service.create(caller.get(), fields)
                .map(created -> SuccessMessage.about("Event successfully created.", created.publicId()));
    }

    /** The tenant's events, newest first. */
    @GET
    public Uni<Page<EventResponse>> list(@QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        PageRequest request = PageRequest.of(page, pageSize);
        return service.list(caller.get(), request).map(found -> found.map(EventResource::response));
    }

    /** One event of the tenant. */
    @GET
    @Path("/{public_id}")
    public Uni<EventResponse> get(@PathParam("public_id") String publicId) {
        return service.get(caller.get(), publicId).map(EventResource::response);
    }

    /** Changes the fields given in the body. */
    @PUT
    @Path("/{public_id}")
    public Uni<SuccessMessage> update(@PathParam("public_id") String publicId, @Valid UpdateEventRequest body) {
        EventFields changes = body == null
                ? new EventFields(null, null, null, null, null)
                : new EventFields(body.name(), body.minValue(), body.maxValue(), body.unit(), body.type());
        return service.update(caller.get(), publicId, changes)
                .replaceWith(SuccessMessage.of("Event successfully updated."));
    }

    /** Deletes an event once Kafka acknowledged its {@code event.deleted} record; 503 (and no delete) otherwise. */
    @DELETE
    @Path("/{public_id}")
    public Uni<SuccessMessage> delete(@PathParam("public_id") String publicId) {
        return service.delete(caller.get(), publicId).replaceWith(SuccessMessage.of("Event successfully deleted."));
    }

    private static EventResponse response(StoredEvent event) {
        return new EventResponse(event.publicId(), event.name(), event.minValue(), event.maxValue(), event.unit(),
                event.type(), event.createdOn(), event.updatedOn(), event.userPublicId());
    }
}
