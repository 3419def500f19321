package io.fieldline.ingest.export.api;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;

import io.fieldline.ingest.export.service.CsvFormat;
import io.fieldline.ingest.export.service.ExportService;
import io.fieldline.support.identity.Caller;
import io.fieldline.support.identity.CurrentCaller;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * {@code GET /api/v1/experiments/{id}/export/csv} (seed 000): the experiment's datapoints as a streamed CSV
 * attachment. Its own root path, so it does not collide with the experiments resource.
 */
@Path("/api/v1/experiments/{public_id}/export")
public class ExperimentExportResource {

    private final ExportService service;
    private final CurrentCaller caller;

    ExperimentExportResource(ExportService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    /** 404 before any byte is sent when the experiment is unknown; otherwise chunks as the cursor yields them. */
    @GET
    @Path("/csv")
    @Produces("text/csv")
    public RestMulti<byte[]> csv(@PathParam("public_id") String publicId) {
        Caller current = caller.get();
        return RestMulti.fromUniResponse(service.experimentName(current, publicId),
                name -> service.csv(current, publicId),
                name -> Map.of("Content-Disposition",
                        List.of("attachment; filename=\"" + CsvFormat.fileName(name, publicId) + "\"")));
    }
}
