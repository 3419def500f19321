package io.fieldline.ingest.experiment.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Response;

import io.fieldline.ingest.activity.ActivityPublisher;
import io.fieldline.ingest.experiment.store.ExperimentStore;
import io.fieldline.ingest.experiment.store.StoredExperiment;
import io.fieldline.ingest.intake.store.IntakeCache;
import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.ActivityTypes;
import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.PublicIds;
import io.fieldline.support.http.ErrorResponses;
import io.fieldline.support.identity.Caller;
import io.smallrye.mutiny.Uni;

/**
 * Experiments of the caller's tenant (seed 000): creating one starts it, stopping it ends it; both are announced on
 * the activity topic ({@code experiment.started} / {@code experiment.stopped}) before they are committed, so a
 * change Kafka did not acknowledge does not happen (503). Datapoints accepted while one runs are tagged with it.
 */
@ApplicationScoped
public class ExperimentService {

    /** Keys of {@link ActivityOccurred#data()} in experiment activity: what a webhook payload needs. */
    public static final String DATA_NAME = "name";
    public static final String DATA_EXPERIMENT_ID = "experiment_public_id";
    public static final String DATA_STARTED_ON = "started_on";
    public static final String DATA_STOPPED_ON = "stopped_on";

    private final ExperimentStore store;
    private final ActivityPublisher activity;
    private final IntakeCache intake;

    ExperimentService(ExperimentStore store, ActivityPublisher activity, IntakeCache intake) {
        this.store = store;
        this.activity = activity;
        this.intake = intake;
    }

    /** Creates and starts an experiment once Kafka acknowledged its {@code experiment.started}; 503 otherwise. */
    public Uni<StoredExperiment> start(Caller caller, String name) {
        ExperimentAccess.requireWrite(caller);
        // Answered once every ingest replica tags what it accepts with the new experiment.
        return intake.written(store.insert(caller.tenant(), PublicIds.newId(), name, caller.subject(),
                started -> activity.publish(announcement(caller, ActivityTypes.EXPERIMENT_STARTED, started,
                        started.startedOn()))))
                .onFailure(ActivityPublisher.ActivityNotAcknowledged.class)
                .transform(e -> unavailable("the experiment was not started"));
    }

    /**
     * Stops a running experiment once Kafka acknowledged its {@code experiment.stopped}; 503 (still running)
     * otherwise. Stopping a stopped experiment changes nothing and announces nothing (the seed would move stopped_on
     * and fire the webhook again).
     */
    public Uni<StoredExperiment> stop(Caller caller, String publicId) {
        ExperimentAccess.requireWrite(caller);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(notFound(publicId));
        }
        return intake.written(store.stop(caller.tenant(), publicId,
                stopped -> activity.publish(announcement(caller, ActivityTypes.EXPERIMENT_STOPPED, stopped,
                        stopped.stoppedOn()))))
                .onFailure(ActivityPublisher.ActivityNotAcknowledged.class)
                .transform(e -> unavailable("the experiment was not stopped"))
                .map(found -> found.orElseThrow(() -> notFound(publicId)));
    }

    /** One page of the tenant's experiments, newest first. */
    public Uni<Page<StoredExperiment>> list(Caller caller, PageRequest request) {
        ExperimentAccess.requireRead(caller);
        return store.count(caller.tenant()).flatMap(total -> total <= request.offset()
                ? Uni.createFrom().item(Page.of(request, total, List.<StoredExperiment>of()))
                : store.page(caller.tenant(), request.pageSize(), request.offset())
                        .map(rows -> Page.of(request, total, rows)));
    }

    /** The tenant's experiment; 404 when it does not exist in the tenant. */
    public Uni<StoredExperiment> get(Caller caller, String publicId) {
        ExperimentAccess.requireRead(caller);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(notFound(publicId));
        }
        return store.find(caller.tenant(), publicId).map(found -> found.orElseThrow(() -> notFound(publicId)));
    }

    /** Renames the experiment when a name is given; 404 for an unknown one. */
    public Uni<StoredExperiment> update(Caller caller, String publicId, String name) {
        ExperimentAccess.requireWrite(caller);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(notFound(publicId));
        }
        return store.update(caller.tenant(), publicId, name).map(found -> found.orElseThrow(() -> notFound(publicId)));
    }

    /**
     * Deletes the experiment; 404 for an unknown one. Its datapoints stay, and keep the tag they were accepted with
     * (see README: the seed sets the tag to null; Fieldline does not rewrite stored datapoints).
     */
    public Uni<Void> delete(Caller caller, String publicId) {
        ExperimentAccess.requireWrite(caller);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(notFound(publicId));
        }
        return intake.written(store.delete(caller.tenant(), publicId)).flatMap(found -> found
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(notFound(publicId)));
    }

    private static ActivityOccurred announcement(Caller caller, String type, StoredExperiment experiment,
            Instant when) {
        Map<String, Object> data = experiment.running()
                ? Map.of(DATA_NAME, experiment.name(), DATA_EXPERIMENT_ID, experiment.publicId(),
                        DATA_STARTED_ON, experiment.startedOn().toString())
                : Map.of(DATA_NAME, experiment.name(), DATA_EXPERIMENT_ID, experiment.publicId(),
                        DATA_STARTED_ON, experiment.startedOn().toString(),
                        DATA_STOPPED_ON, experiment.stoppedOn().toString());
        return new ActivityOccurred(caller.tenant(), type, experiment.publicId(), caller.subject(), data, when);
    }

    private static NotFoundException notFound(String publicId) {
        return new NotFoundException("Experiment '" + publicId + "' not found.");
    }

    private static ServiceUnavailableException unavailable(String consequence) {
        Response response = Response.fromResponse(ErrorResponses.of(503,
                "Activity stream unavailable; " + consequence + ". Try again later."))
                .header("Retry-After", "5").build();
        return new ServiceUnavailableException(response);
    }
}
