package io.fieldline.gateway.logging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.ActivityTypes;
import io.fieldline.model.ModelJson;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Turns experiment activity on {@code fieldline.activity.v1} into seed 000 log entries ("Experiment 'X' started." /
 * "… stopped."). One consumer group for all gateway replicas; a record is acknowledged after its entry is stored
 * (at least once), and the entry is keyed by the activity (type, subject, time), so a redelivered or re-sent record
 * adds nothing.
 */
@ApplicationScoped
public class ActivityLogConsumer {

    /** The incoming channel bound to {@code fieldline.activity.v1} (consumer group {@code api-gateway-logbook}). */
    public static final String CHANNEL = "logbook-activity-in";

    private static final Logger LOG = Logger.getLogger(ActivityLogConsumer.class);
    private static final ObjectMapper JSON = ModelJson.newMapper();
    // Database trouble is retried, never skipped: the partition waits rather than losing entries.
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

    private final LogBook book;

    ActivityLogConsumer(LogBook book) {
        this.book = book;
    }

    /** Stores the log entry of one activity record, if it is an experiment's start or stop. */
    @Incoming(CHANNEL)
    public Uni<Void> consume(String value) {
        ActivityOccurred activity = parse(value);
        String verb = activity == null ? null : verb(activity.type());
        if (verb == null) {
            return Uni.createFrom().voidItem();
        }
        Object name = activity.data().get("name");
        String content = "Experiment '" + (name == null ? activity.subject() : name) + "' " + verb + ".";
        String sourceKey = activity.type() + "/" + activity.subject() + "/" + activity.occurredAt();
        return Uni.createFrom().deferred(() -> book.writeOnce(activity.tenantId(), content, LogBook.INFO,
                activity.actor(), activity.occurredAt(), sourceKey))
                .onFailure().retry().withBackOff(FIRST_RETRY, LONGEST_RETRY).indefinitely()
                .replaceWithVoid();
    }

    private static String verb(String type) {
        return switch (type) {
            case ActivityTypes.EXPERIMENT_STARTED -> "started";
            case ActivityTypes.EXPERIMENT_STOPPED -> "stopped";
            default -> null;
        };
    }

    // A record that is not an activity cannot become valid by retrying: it is logged and skipped.
    private static ActivityOccurred parse(String value) {
        try {
            return JSON.readValue(value, ActivityOccurred.class);
        } catch (Exception e) {
            LOG.warnf("Skipping an unreadable record on the activity topic: %s", e.toString());
            return null;
        }
    }
}
