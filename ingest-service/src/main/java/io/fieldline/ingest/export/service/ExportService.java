package io.fieldline.ingest.export.service;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;

import io.fieldline.ingest.datapoint.service.DatapointAccess;
import io.fieldline.ingest.export.store.ExportRow;
import io.fieldline.ingest.export.store.ExportStore;
import io.fieldline.model.PublicIds;
import io.fieldline.support.identity.Caller;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** CSV export of an experiment of the caller's tenant, streamed in chunks (never the whole result in memory). */
@ApplicationScoped
public class ExportService {

    /** Rows per written chunk. */
    static final int CHUNK_ROWS = 1000;

    private final ExportStore store;

    ExportService(ExportStore store) {
        this.store = store;
    }

    /** The experiment's name; 404 (seed 000's message) when the tenant has no such experiment. */
    public Uni<String> experimentName(Caller caller, String publicId) {
        DatapointAccess.requireRead(caller);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(notFound(publicId));
        }
        return store.experimentName(caller.tenant(), publicId)
                .map(found -> found.orElseThrow(() -> notFound(publicId)));
    }

    /** The CSV: the header, then the experiment's datapoints in timestamp order, as UTF-8 chunks. */
    public Multi<byte[]> csv(Caller caller, String publicId) {
        Multi<byte[]> rows = store.rows(caller.tenant(), publicId)
                .group().intoLists().of(CHUNK_ROWS)
                .map(ExportService::chunk);
        return Multi.createBy().concatenating().streams(
                Multi.createFrom().item(CsvFormat.HEADER.getBytes(StandardCharsets.UTF_8)), rows);
    }

    private static byte[] chunk(List<ExportRow> rows) {
        StringBuilder out = new StringBuilder(rows.size() * 140);
        rows.forEach(row -> CsvFormat.append(out, row));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static NotFoundException notFound(String publicId) {
        return new NotFoundException("Experiment '" + publicId + "' not found.");
    }
}
