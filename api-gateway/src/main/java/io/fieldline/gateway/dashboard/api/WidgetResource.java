package io.fieldline.gateway.dashboard.api;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.fieldline.gateway.dashboard.service.Dashboards;
import io.fieldline.gateway.dashboard.service.NewWidget;
import io.fieldline.gateway.dashboard.store.WidgetChange;
import io.fieldline.gateway.identity.CurrentGatewayCaller;
import io.fieldline.model.SuccessMessage;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Seed 000 {@code /api/v1/dashboards/{id}/widgets}: widgets of a dashboard, changed by its owner or an admin. */
@Path("/api/v1/dashboards/{public_id}/widgets")
@Produces(MediaType.APPLICATION_JSON)
public class WidgetResource {

    private final Dashboards dashboards;
    private final CurrentGatewayCaller caller;

    WidgetResource(Dashboards dashboards, CurrentGatewayCaller caller) {
        this.dashboards = dashboards;
        this.caller = caller;
    }

    /** Adds a widget; answers it whole (201), as seed 000 does. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<WidgetView> add(@PathParam("public_id") String dashboardId, @Valid CreateWidget body) {
        var current = caller.get();
        CreateWidget w = Bodies.required(body);
        NewWidget widget = new NewWidget(w.widgetType(), w.title(), w.eventPublicId(), orDefault(w.x(), 0),
                orDefault(w.y(), 0), orDefault(w.w(), WidgetRules.DEFAULT_W), orDefault(w.h(), WidgetRules.DEFAULT_H),
                w.configJson());
        return dashboards.addWidget(current, dashboardId, widget).map(WidgetView::of);
    }

    /** Changes the given fields of a widget; an explicit {@code "event_public_id": null} unlinks its event. */
    @PUT
    @Path("/{widget_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SuccessMessage> update(@PathParam("public_id") String dashboardId,
            @PathParam("widget_id") String widgetId, @Valid UpdateWidget body) {
        var current = caller.get();
        UpdateWidget w = Bodies.required(body);
        WidgetChange change = new WidgetChange(w.getTitle(), w.eventPublicIdGiven(), w.getEventPublicId(), w.getX(),
                w.getY(), w.getW(), w.getH(), w.getConfigJson());
        return dashboards.updateWidget(current, dashboardId, widgetId, change)
                .map(done -> SuccessMessage.about("Widget successfully updated.", widgetId));
    }

    /** Deletes a widget. */
    @DELETE
    @Path("/{widget_id}")
    public Uni<SuccessMessage> delete(@PathParam("public_id") String dashboardId,
            @PathParam("widget_id") String widgetId) {
        return dashboards.deleteWidget(caller.get(), dashboardId, widgetId)
                .map(done -> SuccessMessage.about("Widget successfully deleted.", widgetId));
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
