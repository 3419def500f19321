package io.fieldline.gateway.dashboard.api;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.fieldline.gateway.dashboard.service.Dashboards;
import io.fieldline.gateway.identity.CurrentGatewayCaller;
import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.SuccessMessage;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Seed 000 {@code /api/v1/dashboards}: dashboards of the caller's tenant (own + global). */
@Path("/api/v1/dashboards")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    private final Dashboards dashboards;
    private final CurrentGatewayCaller caller;

    DashboardResource(Dashboards dashboards, CurrentGatewayCaller caller) {
        this.dashboards = dashboards;
        this.caller = caller;
    }

    /** The caller's own and the tenant's global dashboards with their widgets, newest first. */
    @GET
    public Uni<Page<DashboardView>> list(@QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        var current = caller.get();
        return dashboards.list(current, PageRequest.of(page, pageSize)).map(found -> found.map(DashboardView::of));
    }

    /** Creates a dashboard owned by the caller (operators and admins); answers it whole, as seed 000 does. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<DashboardView> create(@Valid CreateDashboard body) {
        var current = caller.get();
        CreateDashboard dashboard = Bodies.required(body);
        return dashboards.create(current, dashboard.name(), Boolean.TRUE.equals(dashboard.isGlobal()))
                .map(DashboardView::of);
    }

    /** One dashboard with its widgets: the owner's, or anyone's in the tenant if global. */
    @GET
    @Path("/{public_id}")
    public Uni<DashboardView> get(@PathParam("public_id") String publicId) {
        return dashboards.get(caller.get(), publicId).map(DashboardView::of);
    }

    /** Renames a dashboard and/or changes its visibility (owner or admin). */
    @PUT
    @Path("/{public_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SuccessMessage> update(@PathParam("public_id") String publicId, @Valid UpdateDashboard body) {
        var current = caller.get();
        UpdateDashboard change = Bodies.required(body);
        return dashboards.update(current, publicId, change.name(), change.isGlobal())
                .map(done -> SuccessMessage.about("Dashboard successfully updated.", publicId));
    }

    /** Deletes a dashboard and its widgets (owner or admin). */
    @DELETE
    @Path("/{public_id}")
    public Uni<SuccessMessage> delete(@PathParam("public_id") String publicId) {
        return dashboards.delete(caller.get(), publicId)
                .map(done -> SuccessMessage.about("Dashboard successfully deleted.", publicId));
    }
}
