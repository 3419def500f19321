package io.fieldline.ota;

import jakarta.ws.rs.ForbiddenException;

import io.fieldline.model.Permission;
import io.fieldline.support.identity.Caller;
import io.fieldline.support.identity.CurrentCaller;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who may do what in ota-service, by the permissions of the internal identity token. Firmware, updates and rollouts
 * need {@code manage_ota} (admin, seed 000). Devices have no credential of their own yet: a device checks in and
 * downloads with a token of its tenant holding {@code read_data}, and reports its status with {@code write_data}
 * (e.g. an operator API token); the device id comes from the path.
 */
public final class OtaAccess {

    private OtaAccess() {
    }

    /** @throws ForbiddenException (403, seed 000's message) without {@code manage_ota} */
    public static void requireManage(Caller caller) {
        require(caller, Permission.MANAGE_OTA, "Admin privileges required.");
    }

    /** @throws ForbiddenException (403) without {@code read_data} */
    public static void requireRead(Caller caller) {
        require(caller, Permission.READ_DATA, "Not enough permissions.");
    }

    /** @throws ForbiddenException (403) without {@code write_data} */
    public static void requireReport(Caller caller) {
        require(caller, Permission.WRITE_DATA, "Operator privileges required.");
    }

    /**
     * The caller of a plain Vert.x route; Quarkus authenticated the request before the route ran.
     *
     * @throws UnauthorizedException when the request carried no valid identity token
     */
    public static Caller of(RoutingContext ctx) {
        if (ctx.user() instanceof QuarkusHttpUser user
                && user.getSecurityIdentity().getPrincipal() instanceof JsonWebToken token
                && token.getRawToken() != null) {
            return CurrentCaller.fromToken(token);
        }
        throw new UnauthorizedException();
    }

    private static void require(Caller caller, Permission permission, String message) {
        if (!caller.can(permission.wireName())) {
            throw new ForbiddenException(message);
        }
    }
}
