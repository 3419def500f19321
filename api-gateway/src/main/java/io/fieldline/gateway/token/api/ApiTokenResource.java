package io.fieldline.gateway.token.api;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.fieldline.gateway.identity.CurrentGatewayCaller;
import io.fieldline.gateway.identity.GatewayCaller;
import io.fieldline.gateway.token.service.ApiTokenService;
import io.fieldline.gateway.token.store.StoredToken;
import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.SuccessMessage;
import io.fieldline.support.http.ValidationFailure;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.ResponseStatus;

/** {@code /api/v1/tokens}: API tokens for CI pipelines and scripts (seed 000 "API Tokens"). */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApiTokenResource {

    private final ApiTokenService service;
    private final CurrentGatewayCaller caller;

    ApiTokenResource(ApiTokenService service, CurrentGatewayCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    /** Creates a token for the caller; 201 with the plaintext, shown this once. */
    @POST
    @ResponseStatus(201)
    public Uni<CreatedTokenResponse> create(@Valid CreateTokenRequest body) {
        if (body == null) {
            throw ValidationFailure.body("name", "Field required", "missing");
        }
        GatewayCaller who = caller.get();
        return service.create(who, body.name(), body.expiresAt() == null ? null : body.expiresAt().toInstant(),
                body.scopes()).map(created -> {
                    StoredToken token = created.token();
                    return new CreatedTokenResponse(token.publicId(), token.name(), created.plaintext(),
                            token.expiresAt(), token.createdAt(), scopes(token));
                });
    }

    /** The caller's tokens (all of the tenant's for a caller with manage_tokens), newest first. */
    @GET
    public Uni<Page<TokenResponse>> list(@QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        PageRequest request = PageRequest.of(page, pageSize);
        return service.list(caller.get(), request).map(found -> found.map(ApiTokenResource::response));
    }

    /** Deletes a token: one's own, or any of the tenant's with manage_tokens. */
    @DELETE
    @Path("/{public_id}")
    public Uni<SuccessMessage> delete(@PathParam("public_id") String publicId) {
        return service.delete(caller.get(), publicId).replaceWith(SuccessMessage.of("API token deleted."));
    }

    private static TokenResponse response(StoredToken token) {
        return new TokenResponse(token.publicId(), token.name(), token.lastUsedAt(), token.expiresAt(),
                token.createdAt(), token.userPublicId(), scopes(token));
    }

    // Stored as an empty list, answered as null: "not narrowed" must not read as "no permissions".
    private static List<String> scopes(StoredToken token) {
        return token.scopes().isEmpty() ? null : token.scopes();
    }
}
