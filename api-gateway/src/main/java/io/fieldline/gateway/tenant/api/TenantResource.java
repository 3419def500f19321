package io.fieldline.gateway.tenant.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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

import io.fieldline.gateway.identity.CurrentGatewayCaller;
import io.fieldline.gateway.tenant.service.TenantService;
import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.SuccessMessage;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.ResponseStatus;

/** {@code /api/v1/tenants}: tenant management for superadmins. */
@Path("/api/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantResource {

    private final TenantService tenants;
    private final CurrentGatewayCaller caller;

    TenantResource(TenantService tenants, CurrentGatewayCaller caller) {
        this.tenants = tenants;
        this.caller = caller;
    }

    @POST
    @ResponseStatus(201)
    public Uni<TenantView> create(@NotNull(message = "Field required") @Valid TenantCreate body) {
        return tenants.create(caller.get(), body.name(), body.slug(), body.status(), body.limits())
                .map(TenantView::of);
    }

    @GET
    public Uni<Page<TenantView>> list(@QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        return tenants.list(caller.get(), PageRequest.of(page, pageSize))
                .map(rows -> rows.map(TenantView::of));
    }

    @GET
    @Path("/{publicId}")
    public Uni<TenantView> get(@PathParam("publicId") String publicId) {
        return tenants.get(caller.get(), publicId).map(TenantView::of);
    }

    @PUT
    @Path("/{publicId}")
    public Uni<TenantView> update(@PathParam("publicId") String publicId,
            @NotNull(message = "Field required") @Valid TenantUpdate body) {
        return tenants.update(caller.get(), publicId, body.name(), body.status(), body.limits()).map(TenantView::of);
    }

    @DELETE
    @Path("/{publicId}")
    public Uni<SuccessMessage> delete(@PathParam("publicId") String publicId) {
        return tenants.delete(caller.get(), publicId)
                .map(ignored -> SuccessMessage.of("Tenant successfully deleted."));
    }
}
