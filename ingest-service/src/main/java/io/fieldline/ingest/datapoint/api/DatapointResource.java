package io.fieldline.ingest.datapoint.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.fieldline.ingest.datapoint.service.AggregateQuery;
import io.fieldline.ingest.datapoint.service.DatapointService;
import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.SuccessMessage;
import io.fieldline.support.http.ValidationFailure;
import io.fieldline.support.identity.CurrentCaller;
import io.smallrye.mutiny.Uni;

/**
 * {@code /api/v1/datapoints}: reading and deleting the stored datapoints of the caller's tenant (seed 000
 * "Datapoints"), plus aggregates. Intake ({@code POST /datapoints}, {@code /batch}) lives in another resource on the
 * same root path.
 */
@Path("/api/v1/datapoints")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DatapointResource {

    private final DatapointService service;
    private final CurrentCaller caller;

    DatapointResource(DatapointService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    /** The tenant's datapoints, newest first. */
    @GET
    public Uni<Page<DatapointResponse>> list(@QueryParam("page") Integer page,
            @QueryParam("page_size") Integer pageSize) {
        PageRequest request = PageRequest.of(page, pageSize);
        return service.list(caller.get(), request).map(found -> found.map(DatapointResponse::of));
    }

    /** A plain array: the latest datapoint of each event (highest timestamp, then the last received). */
    @GET
    @Path("/latest")
    public Uni<List<DatapointResponse>> latest() {
        return service.latest(caller.get()).map(rows -> rows.stream().map(DatapointResponse::of).toList());
    }

    /** Downsampled series per event of the last {@code minutes} (seed 000's rule), a key for every requested id. */
    @POST
    @Path("/series")
    public Uni<Map<String, List<DatapointResponse>>> series(@Valid SeriesRequest body) {
        if (body == null) {
            throw ValidationFailure.body("event_public_ids", "Field required", "missing");
        }
        int minutes = body.minutes() == null ? SeriesRequest.DEFAULT_MINUTES : body.minutes();
        int maxPoints = body.maxPoints() == null ? SeriesRequest.DEFAULT_MAX_POINTS : body.maxPoints();
        return service.series(caller.get(), body.eventPublicIds(), minutes, maxPoints).map(byEvent -> {
            Map<String, List<DatapointResponse>> answer = new LinkedHashMap<>();
            byEvent.forEach((id, rows) -> answer.put(id, rows.stream().map(DatapointResponse::of).toList()));
            return answer;
        });
    }

    /**
     * Aggregates per event and bucket from the one-minute rollups:
     * {@code ?event_public_ids=a,b&from=&to=&interval=1m|1h|1d&fn=min,max,avg,sum,count}.
     */
    @GET
    @Path("/aggregate")
    public Uni<AggregateResponse> aggregate(@QueryParam("event_public_ids") String eventPublicIds,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("interval") String interval,
            @QueryParam("fn") String fn) {
        AggregateQuery query = AggregateQuery.parse(eventPublicIds, from, to, interval, fn, Instant.now());
        return service.aggregate(caller.get(), query).map(byEvent -> response(query, byEvent));
    }

    /** One datapoint of the tenant. */
    @GET
    @Path("/{public_id}")
    public Uni<DatapointResponse> get(@PathParam("public_id") String publicId) {
        return service.get(caller.get(), publicId).map(DatapointResponse::of);
    }

    /** Deletes a datapoint (operator+). */
    @DELETE
    @Path("/{public_id}")
    public Uni<SuccessMessage> delete(@PathParam("public_id") String publicId) {
        return service.delete(caller.get(), publicId).replaceWith(SuccessMessage.of("Datapoint successfully deleted."));
    }

    private static AggregateResponse response(AggregateQuery query, Map<String, String> byEvent) {
        StringBuilder data = new StringBuilder("{");
        byEvent.forEach((id, buckets) -> {
            data.append(data.length() > 1 ? "," : "").append('"');
            JsonStringEncoder.getInstance().quoteAsString(id, data);
            data.append("\":").append(buckets);
        });
        return new AggregateResponse(query.interval(), query.from(), query.to(), query.functions(),
                data.append('}').toString());
    }
}
