package io.fieldline.ingest.experiment.store;

import java.time.Instant;

/**
 * An experiment as stored for its tenant; the internal row id never leaves the store.
 *
 * @param stoppedOn when it was stopped, or null while it runs
 * @param userPublicId who started it (the caller's subject), or null when unknown
 */
public record StoredExperiment(String publicId, String name, Instant startedOn, Instant stoppedOn,
        String userPublicId, Instant createdOn, Instant updatedOn) {

    /** Whether it still runs (seed 000: any experiment with stopped_on null). */
    public boolean running() {
        return stoppedOn == null;
    }
}
