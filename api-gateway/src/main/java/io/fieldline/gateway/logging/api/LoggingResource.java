package io.fieldline.gateway.logging.api;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.fieldline.gateway.identity.CurrentGatewayCaller;
import io.fieldline.gateway.logging.service.LogEntries;
import io.fieldline.model.FieldError;
import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.SuccessMessage;
import io.fieldline.support.http.ValidationFailure;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Seed 000 {@code /api/v1/logging}: the log of the caller's tenant. */
@Path("/api/v1/logging")
@Produces(MediaType.APPLICATION_JSON)
public class LoggingResource {

    private final LogEntries entries;
    private final CurrentGatewayCaller caller;

    LoggingResource(LogEntries entries, CurrentGatewayCaller caller) {
        this.entries = entries;
        this.caller = caller;
    }

    /** The tenant's entries, newest first. */
    @GET
    public Uni<Page<LogEntryView>> list(@QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        var current = caller.get();
        return entries.list(current, PageRequest.of(page, pageSize))
                .map(found -> found.map(LogEntryView::of));
    }

    /** One entry; 404 if the tenant has none with that id. */
    @GET
    @Path("/{public_id}")
    public Uni<LogEntryView> get(@PathParam("public_id") String publicId) {
        return entries.get(caller.get(), publicId).map(LogEntryView::of);
    }

    /** Adds an entry (operators and admins). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<SuccessMessage> create(@Valid CreateLogEntry body) {
        var current = caller.get();
        CreateLogEntry entry = required(body);
        return entries.create(current, entry.content(), entry.loggingType())
                .map(id -> SuccessMessage.of("Log entry successfully created."));
    }

    /** Marks an entry read or unread and/or changes its content (operators and admins). */
    @PUT
    @Path("/{public_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SuccessMessage> update(@PathParam("public_id") String publicId, @Valid UpdateLogEntry body) {
        var current = caller.get();
        UpdateLogEntry change = required(body);
        return entries.update(current, publicId, change.statusType(), change.content())
                .map(done -> SuccessMessage.of("LogEntry successfully updated."));
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw new ValidationFailure("Field required", List.of(new FieldError(List.of("body"), "Field required",
                    "missing")));
        }
        return body;
    }
}
