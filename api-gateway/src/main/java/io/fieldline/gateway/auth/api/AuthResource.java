package io.fieldline.gateway.auth.api;

import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fieldline.gateway.auth.service.LoginAttempt;
import io.fieldline.gateway.auth.service.ProfileService;
import io.fieldline.gateway.auth.service.Session;
import io.fieldline.gateway.auth.service.SessionService;
import io.fieldline.gateway.identity.CurrentGatewayCaller;
import io.fieldline.gateway.protection.ClientAddress;
import io.fieldline.model.SuccessMessage;
import io.fieldline.support.http.RequestIds;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Seed 000 login, logout and me, plus refresh-token rotation. Login and refresh are public paths; logout and me
 * need a credential.
 */
@Path("/api/v1/auth")
public class AuthResource {

    private final SessionService sessions;
    private final ProfileService profiles;
    private final CurrentGatewayCaller caller;

    AuthResource(SessionService sessions, ProfileService profiles, CurrentGatewayCaller caller) {
        this.sessions = sessions;
        this.profiles = profiles;
        this.caller = caller;
    }

    /** The login body (seed 000: email, not username). */
    public record LoginRequest(
            @NotNull(message = "Field required") @Email(message = "value is not a valid email address") String email,
            @NotNull(message = "Field required") @Size(min = 1, message = "String should have at least 1 character") String password) {
    }

    /** The refresh body. */
    public record RefreshRequest(
            @JsonProperty("refresh_token") @NotBlank(message = "Field required") String refreshToken) {
    }

    /** The optional logout body: a refresh token whose family ends too. */
    public record LogoutRequest(@JsonProperty("refresh_token") String refreshToken) {
    }

    /** Seed 000's login answer plus the refresh token and lifetime. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SessionResponse(
            String status,
            String message,
            @JsonProperty("access_token") String accessToken,
            @JsonProperty("token_type") String tokenType,
            @JsonProperty("expires_in") long expiresIn,
            @JsonProperty("refresh_token") String refreshToken,
            @JsonProperty("public_id") String publicId,
            String username) {

        static SessionResponse of(Session session, String message) {
            long expiresIn = Math.max(0, session.accessExpiresAt().getEpochSecond() - Instant.now().getEpochSecond());
            return new SessionResponse("success", message, session.accessToken(), "bearer", expiresIn,
                    session.refreshToken(), session.userPublicId(), session.username());
        }
    }

    @POST
    @Path("/login")
    public Uni<SessionResponse> login(@Valid @NotNull(message = "Field required") LoginRequest request,
            @Context RoutingContext ctx) {
        var attempt = new LoginAttempt(request.email(), request.password(),
                ClientAddress.of(ctx), RequestIds.of(ctx));
        return sessions.login(attempt).map(session -> SessionResponse.of(session, "Successfully logged in."));
    }

    @POST
    @Path("/refresh")
    public Uni<SessionResponse> refresh(@Valid @NotNull(message = "Field required") RefreshRequest request) {
        return sessions.refresh(request.refreshToken())
                .map(session -> SessionResponse.of(session, "Token refreshed."));
    }

    @POST
    @Path("/logout")
    public Uni<SuccessMessage> logout(LogoutRequest request) {
        return sessions.logout(caller.get(), request == null ? null : request.refreshToken())
                .map(v -> SuccessMessage.of("Successfully logged out."));
    }

    @GET
    @Path("/me")
    public Uni<ProfileService.Profile> me() {
        return profiles.profile(caller.get());
    }
}
