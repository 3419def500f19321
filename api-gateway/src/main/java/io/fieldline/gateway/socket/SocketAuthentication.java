package io.fieldline.gateway.socket;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.gateway.identity.AuthenticationFailure;
import io.fieldline.gateway.identity.Authenticator;
import io.fieldline.gateway.identity.GatewayCaller;
import io.fieldline.model.Permission;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Authenticates WebSocket upgrades with the same credentials and rules as {@code /api} requests (user access
 * tokens and API tokens, checked against the database; suspended tenants refused), taken from {@code ?token=} or
 * the {@code Authorization} header, and watches open sockets with a {@link SocketGuard}. Shared by every socket
 * endpoint of the gateway.
 */
@ApplicationScoped
public class SocketAuthentication {

    /** The query parameter browsers use, as they cannot set headers on an upgrade. */
    public static final String TOKEN_PARAMETER = "token";

    private final Authenticator authenticator;
    private final SocketsConfig config;

    SocketAuthentication(Authenticator authenticator, SocketsConfig config) {
        this.authenticator = authenticator;
        this.config = config;
    }

    /** The credential an upgrade request presents, as an {@code Authorization} value, or null for none. */
    public static String credential(HttpServerRequest request) {
        String token = request.getParam(TOKEN_PARAMETER);
        if (token != null && !token.isBlank()) {
            return "Bearer " + token.trim();
        }
        return request.getHeader(HttpHeaders.AUTHORIZATION);
    }

    /**
     * The caller presenting the credential; fails with an {@link AuthenticationFailure} (turn it into a close with
     * {@link SocketRefusal#of}) when it is refused or lacks the permission.
     *
     * @param required the permission the socket needs, or null for any authenticated caller
     */
    public Uni<GatewayCaller> authenticate(String authorization, Permission required) {
        return authenticator.authenticate(authorization).map(caller -> {
            if (required != null && !caller.permissions().contains(required.wireName())) {
                throw new AuthenticationFailure(403, "Not enough permissions");
            }
            return caller;
        });
    }

    /**
     * Starts watching an authenticated socket: it is closed (1008) when its credential expires, and when a periodic
     * check finds it revoked, deleted, suspended or without the permission any more.
     *
     * @param context the socket's context: timers and checks complete there, so the closer needs no locking
     */
    public SocketGuard guard(Context context, String authorization, Permission required, GatewayCaller caller,
            SocketCloser closer) {
        SocketGuard guard = new SocketGuard(this, context, authorization, required, caller, closer);
        guard.start(config.recheckInterval());
        return guard;
    }
}
