package io.fieldline.webhook.subscription.api;

import java.util.List;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code PUT /api/v1/webhooks/{id}}: a partial update; absent fields keep their value. A {@code secret}
 * replaces the current one at once (rotate-secret keeps the old one for a grace period); {@code retry_schedule: null}
 * returns to the service default.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public final class UpdateWebhookRequest {

    @Size(max = 2048, message = "String should have at most 2048 characters")
    @Pattern(regexp = UrlPattern.REGEX, message = UrlPattern.MESSAGE)
    public String url;
    public String secret;
    public List<String> events;
    public Boolean enabled;
    public Boolean paused;
    private List<Integer> retrySchedule;
    private boolean retryScheduleSet;

    /** The schedule given, or null (the default) when {@link #retryScheduleSet()}. */
    public List<Integer> retrySchedule() {
        return retrySchedule;
    }

    @JsonSetter("retry_schedule")
    void setRetrySchedule(List<Integer> retrySchedule) {
        this.retrySchedule = retrySchedule;
        this.retryScheduleSet = true;
    }

    /** Whether the body named {@code retry_schedule} at all. */
    @JsonIgnore
    public boolean retryScheduleSet() {
        return retryScheduleSet;
    }
}
