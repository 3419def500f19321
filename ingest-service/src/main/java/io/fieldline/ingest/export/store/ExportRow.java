package io.fieldline.ingest.export.store;

import java.time.Instant;

/** One CSV line's data. */
public record ExportRow(Instant timestamp, String eventName, String eventPublicId, double value, String unit,
        String datapointPublicId) {
}
