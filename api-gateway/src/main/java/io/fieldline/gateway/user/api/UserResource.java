package io.fieldline.gateway.user.api;

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
import io.fieldline.gateway.user.service.UserService;
import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.SuccessMessage;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.ResponseStatus;

/** {@code /api/v1/users}: the users of the caller's tenant (seed 000). */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {

    private final UserService users;
    private final CurrentGatewayCaller caller;

    UserResource(UserService users, CurrentGatewayCaller caller) {
        this.users = users;
        this.caller = caller;
    }

    @GET
    public Uni<Page<UserView>> list(@QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        return users.list(caller.get(), PageRequest.of(page, pageSize))
                .map(rows -> rows.map(UserView::of));
    }

    @GET
    @Path("/{publicId}")
    public Uni<UserView> get(@PathParam("publicId") String publicId) {
        return users.get(caller.get(), publicId).map(UserView::of);
    }

    @POST
    @ResponseStatus(201)
    public Uni<SuccessMessage> create(@NotNull(message = "Field required") @Valid UserCreate body) {
        return users.create(caller.get(), body.email(), body.username(), body.password(), body.role())
                .map(id -> SuccessMessage.about("User successfully created.", id));
    }

    @PUT
    @Path("/{publicId}")
    public Uni<SuccessMessage> update(@PathParam("publicId") String publicId,
            @NotNull(message = "Field required") @Valid UserUpdate body) {
        return users.update(caller.get(), publicId, body.email(), body.username(), body.password(), body.role())
                .map(user -> SuccessMessage.about("User successfully updated.", user.publicId()));
    }

    @DELETE
    @Path("/{publicId}")
    public Uni<SuccessMessage> delete(@PathParam("publicId") String publicId) {
        return users.delete(caller.get(), publicId)
                .map(ignored -> SuccessMessage.of("User successfully deleted."));
    }
}
