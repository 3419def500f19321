package io.fieldline.rules.incident.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fieldline.rules.incident.store.HistoryEntry;
import io.fieldline.rules.incident.store.StoredIncident;
import io.fieldline.rules.incident.store.TransitionRows;

/** An incident (alarm) as the API answers it; {@code history} only in the detail answer. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AlarmResponse(String publicId, String rulePublicId, String ruleName, String eventPublicId, String status,
        String severity, Double firstValue, Double lastValue, Double peakValue, long count, Instant raisedAt,
        Instant lastSeenAt, Instant acknowledgedAt, String acknowledgedBy, String acknowledgedNote,
        Instant shelvedUntil, String shelvedBy, Instant clearedAt, Instant resolvedAt, String resolvedBy,
        String resolvedNote, Instant updatedOn,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<HistoryEntryResponse> history) {

    /** One transition of the history. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record HistoryEntryResponse(String transition, String fromStatus, String toStatus, Double value,
            String actor, String note, Instant occurredAt) {
    }

    static AlarmResponse of(StoredIncident i) {
        return of(i, null);
    }

    static AlarmResponse of(StoredIncident i, List<HistoryEntry> history) {
        return new AlarmResponse(i.publicId(), i.rule().publicId(), i.rule().name(), i.rule().eventPublicId(),
                TransitionRows.wire(i.status()), TransitionRows.wire(i.severity()), i.firstValue(), i.lastValue(),
                i.peakValue(), i.count(), i.raisedAt(), i.lastSeenAt(), i.acknowledgedAt(), i.acknowledgedBy(),
                i.acknowledgedNote(), i.shelvedUntil(), i.shelvedBy(), i.clearedAt(), i.resolvedAt(), i.resolvedBy(),
                i.resolvedNote(), i.updatedOn(),
                history == null ? null
                        : history.stream().map(h -> new HistoryEntryResponse(h.transition(),
                                h.fromStatus(), h.toStatus(), h.value(), h.actor(), h.note(), h.occurredAt()))
                                .toList());
    }
}
