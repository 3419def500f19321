package io.fieldline.gateway.dashboard.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code PUT /api/v1/dashboards/{id}/widgets/{wid}} (seed 000, partial): absent fields stay. A class with
 * setters rather than a record, to tell an absent {@code event_public_id} (unchanged) from an explicit {@code null}
 * (the link is cleared).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public class UpdateWidget {

    @Size(min = 1, message = "String should have at least 1 character")
    @Size(max = 255, message = "String should have at most 255 characters")
    private String title;
    @Size(max = 255, message = "String should have at most 255 characters")
    private String eventPublicId;
    private boolean eventPublicIdGiven;
    @Min(value = 0, message = "Input should be greater than or equal to 0")
    @Max(value = WidgetRules.MAX_POSITION, message = WidgetRules.MAX_POSITION_MESSAGE)
    private Integer x;
    @Min(value = 0, message = "Input should be greater than or equal to 0")
    @Max(value = WidgetRules.MAX_POSITION, message = WidgetRules.MAX_POSITION_MESSAGE)
    private Integer y;
    @Min(value = 1, message = "Input should be greater than or equal to 1")
    @Max(value = 12, message = "Input should be less than or equal to 12")
    private Integer w;
    @Min(value = 1, message = "Input should be greater than or equal to 1")
    @Max(value = 12, message = "Input should be less than or equal to 12")
    private Integer h;
    @Size(max = WidgetRules.MAX_CONFIG, message = WidgetRules.MAX_CONFIG_MESSAGE)
    private String configJson;

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getEventPublicId() {
        return eventPublicId;
    }

    /** Called by Jackson only when the field is present, also for an explicit null. */
    public void setEventPublicId(String eventPublicId) {
        this.eventPublicId = eventPublicId;
        this.eventPublicIdGiven = true;
    }

    /** Whether the body named {@code event_public_id} at all. */
    boolean eventPublicIdGiven() {
        return eventPublicIdGiven;
    }

    public Integer getX() {
        return x;
    }

    public void setX(Integer x) {
        this.x = x;
    }

    public Integer getY() {
        return y;
    }

    public void setY(Integer y) {
        this.y = y;
    }

    public Integer getW() {
        return w;
    }

    public void setW(Integer w) {
        this.w = w;
    }

    public Integer getH() {
        return h;
    }

    public void setH(Integer h) {
        this.h = h;
    }

    public String getConfigJson() {
        return configJson;
    }

    public void setConfigJson(String configJson) {
        this.configJson = configJson;
    }
}
