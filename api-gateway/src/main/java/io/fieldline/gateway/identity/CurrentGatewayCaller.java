package io.fieldline.gateway.identity;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;

/** The authenticated caller of the current request, for resources and services of the gateway. */
@RequestScoped
public class CurrentGatewayCaller {

    private final CurrentVertxRequest request;

    CurrentGatewayCaller(CurrentVertxRequest request) {
        this.request = request;
    }

    /**
     * The caller.
     *
     * @throws UnauthorizedException (401) on a path that was not authenticated
     */
    public GatewayCaller get() {
        GatewayCaller caller = request.getCurrent() == null ? null : GatewayCaller.of(request.getCurrent());
        if (caller == null) {
            throw new UnauthorizedException();
        }
        return caller;
    }
}
