package io.fieldline.ingest.experiment.api;

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

import io.fieldline.ingest.experiment.service.ExperimentService;
import io.fieldline.ingest.experiment.store.StoredExperiment;
import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.SuccessMessage;
import io.fieldline.support.http.ValidationFailure;
import io.fieldline.support.identity.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.ResponseStatus;

/** {@code /api/v1/experiments}: the experiments of the caller's tenant (seed 000 "Experiments"). */
@Path("/api/v1/experiments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ExperimentResource {

    private final ExperimentService service;
    private final CurrentCaller caller;

    ExperimentResource(ExperimentService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    /** Creates and starts an experiment; 201 once {@code experiment.started} is acknowledged, 503 otherwise. */
    @POST
    @ResponseStatus(201)
    public Uni<SuccessMessage> create(@Valid CreateExperimentRequest body) {
        if (body == null) {
            throw ValidationFailure.body("name", "Field required", "missing");
        }
        return service.start(caller.get(), body.name())
                .map(started -> SuccessMessage.about("Experiment successfully created.", started.publicId()));
    }

    /** The tenant's experiments, newest first. */
    @GET
    public Uni<Page<ExperimentResponse>> list(@QueryParam("page") Integer page,
            @QueryParam("page_size") Integer pageSize) {
        PageRequest request = PageRequest.of(page, pageSize);
        return service.list(caller.get(), request).map(found -> found.map(ExperimentResource::response));
    }

    /** One experiment of the tenant. */
    @GET
    @Path("/{public_id}")
    public Uni<ExperimentResponse> get(@PathParam("public_id") String publicId) {
        return service.get(caller.get(), publicId).map(ExperimentResource::response);
    }

    /** Renames the experiment (the only writable field). */
    @PUT
    @Path("/{public_id}")
    public Uni<SuccessMessage> update(@PathParam("public_id") String publicId, @Valid UpdateExperimentRequest body) {
        return service.update(caller.get(), publicId, body == null ? null : body.name())
                .replaceWith(SuccessMessage.of("Experiment successfully updated."));
    }

    /** Stops the experiment (no body); 200 once {@code experiment.stopped} is acknowledged, 503 otherwise. */
    @PUT
    @Path("/{public_id}/stop")
    @Consumes(MediaType.WILDCARD)
    public Uni<SuccessMessage> stop(@PathParam("public_id") String publicId) {
        return service.stop(caller.get(), publicId).replaceWith(SuccessMessage.of("Experiment successfully stopped."));
    }

    /** Deletes the experiment; its datapoints stay (README). */
    @DELETE
    @Path("/{public_id}")
    public Uni<SuccessMessage> delete(@PathParam("public_id") String publicId) {
        return service.delete(caller.get(), publicId)
                .replaceWith(SuccessMessage.of("Experiment successfully deleted."));
    }

    private static ExperimentResponse response(StoredExperiment experiment) {
        return new ExperimentResponse(experiment.publicId(), experiment.name(), experiment.startedOn(),
                experiment.stoppedOn(), experiment.createdOn(), experiment.updatedOn(), experiment.userPublicId());
    }
}
