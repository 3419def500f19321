package io.fieldline.gateway.socket;

import java.time.Duration;
import java.time.Instant;

import io.fieldline.gateway.identity.AuthenticationFailure;
import io.fieldline.gateway.identity.GatewayCaller;
import io.fieldline.model.CredentialKind;
import io.fieldline.model.Permission;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

/**
 * Keeps an open socket's credential honest: closes the socket with 1008 when the credential expires or a periodic
 * re-authentication refuses it, and keeps the caller current (a changed role changes what is forwarded). A check
 * that cannot complete (database briefly away) leaves the socket open until the next one.
 */
public final class SocketGuard {

    private static final Logger LOG = Logger.getLogger(SocketGuard.class);

    private final SocketAuthentication authentication;
    private final Context context;
    private final String authorization;
    private final Permission required;
    private final SocketCloser closer;
    private volatile GatewayCaller caller;
    private long expiryTimer = -1;
    private long recheckTimer = -1;
    private boolean stopped;

    SocketGuard(SocketAuthentication authentication, Context context, String authorization, Permission required,
            GatewayCaller caller, SocketCloser closer) {
        this.authentication = authentication;
        this.context = context;
        this.authorization = authorization;
        this.required = required;
        this.caller = caller;
        this.closer = closer;
    }

    /** The caller as of the last check. */
    public GatewayCaller caller() {
        return caller;
    }

    /** Stops watching (call it when the socket closes). */
    public void stop() {
        if (Vertx.currentContext() == context) {
            cancel();
        } else {
            context.runOnContext(v -> cancel());
        }
    }

    private void cancel() {
        stopped = true;
        context.owner().cancelTimer(expiryTimer);
        context.owner().cancelTimer(recheckTimer);
    }

    void start(Duration recheckInterval) {
        context.runOnContext(v -> {
            if (stopped) {
                return;
            }
            Instant expiresAt = caller.expiresAt();
            if (expiresAt != null) {
                long delay = Math.max(1, Duration.between(Instant.now(), expiresAt).toMillis());
                expiryTimer = context.owner().setTimer(delay, id -> expired());
            }
            recheckTimer = context.owner().setPeriodic(recheckInterval.toMillis(), id -> recheck());
        });
    }

    private void expired() {
        String reason = caller.caller().credential() == CredentialKind.API_TOKEN ? "API token expired"
                : "Invalid or expired token";
        refuse(SocketRefusal.policy(reason));
    }

    private void recheck() {
        authentication.authenticate(authorization, required)
                .emitOn(task -> context.runOnContext(v -> task.run()))
                .subscribe().with(current -> caller = current, failure -> {
                    if (failure instanceof AuthenticationFailure) {
                        refuse(SocketRefusal.of(failure));
                    } else {
                        LOG.debugf("Re-checking a socket's credential failed, keeping it open: %s", failure);
                    }
                });
    }

    private void refuse(SocketRefusal refusal) {
        if (!stopped) {
            cancel();
            closer.close(refusal.code(), refusal.reason());
        }
    }
}
