package io.fieldline.ingest.intake.api;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.fieldline.ingest.intake.service.IncomingDatapoints;
import io.fieldline.ingest.intake.service.IntakeResult;
import io.fieldline.ingest.intake.service.IntakeService;
import io.fieldline.ingest.intake.service.Rejection;
import io.fieldline.model.FieldError;
import io.fieldline.model.SuccessMessage;
import io.fieldline.support.http.ValidationFailure;
import io.fieldline.support.identity.Caller;
import io.fieldline.support.identity.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * {@code POST /api/v1/datapoints} and {@code /batch}: datapoints in (seed 000, plus device timestamps and quality
 * codes). Answers 201 only once Kafka acknowledged the accepted datapoints. The body is read as bytes and parsed by
 * {@link DatapointReader}, so a batch can report bad items one by one.
 */
@Path("/api/v1/datapoints")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DatapointIntakeResource {

    private final IntakeService service;
    private final CurrentCaller caller;

    DatapointIntakeResource(IntakeService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    /** One datapoint: 201, 404 {@code Event not found.}, 422 when invalid or stamped too far ahead, 503. */
    @POST
    @ResponseStatus(201)
    public Uni<SuccessMessage> create(
            @RequestBody(content = @Content(schema = @Schema(implementation = DatapointRequest.class))) byte[] body)
            throws IOException {
        Caller who = caller.get();
        service.requireWrite(who);
        IncomingDatapoints incoming = DatapointReader.single(body);
        return service.accept(who, incoming, Instant.now()).map(DatapointIntakeResource::single);
    }

    /** Many datapoints: 201 with the accepted count and the refused items; 422 over the item limit; 503. */
    @POST
    @Path("/batch")
    @ResponseStatus(201)
    public Uni<BatchResponse> createBatch(
            @RequestBody(content = @Content(schema = @Schema(implementation = DatapointRequest.Batch.class))) byte[] body)
            throws IOException {
        Caller who = caller.get();
        service.requireWrite(who);
        IncomingDatapoints incoming = DatapointReader.batch(body, service.batchMaxItems());
        return service.accept(who, incoming, Instant.now()).map(DatapointIntakeResource::batch);
    }

    private static SuccessMessage single(IntakeResult result) {
        if (!result.rejected().isEmpty()) {
            Rejection problem = result.rejected().get(0);
            if (problem.unknownEvent()) {
                throw new NotFoundException("Event not found.");
            }
            throw new ValidationFailure(problem.detail(), List.of(new FieldError(List.of("body", problem.field()),
                    problem.detail(), problem.type())));
        }
        return SuccessMessage.about("1 datapoint successfully created.", result.firstId());
    }

    private static BatchResponse batch(IntakeResult result) {
        List<BatchResponse.RejectedItem> rejected = new ArrayList<>(result.rejected().size());
        for (Rejection r : result.rejected()) {
            List<Object> loc = r.field() == null
                    ? List.of("body", "datapoints", r.index())
                    : List.of("body", "datapoints", r.index(), r.field());
            rejected.add(new BatchResponse.RejectedItem(r.index(), loc, r.detail(), r.type()));
        }
        return new BatchResponse("success", result.accepted() + " datapoints successfully created.",
                result.accepted(), rejected);
    }
}
