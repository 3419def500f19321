package io.fieldline.gateway.auth.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.gateway.auth.store.SessionStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Deletes expired revocations, refresh tokens and old failed logins now and then, so those tables stay small. */
@ApplicationScoped
public class SessionJanitor {

    private static final Logger LOG = Logger.getLogger(SessionJanitor.class);

    private final Vertx vertx;
    private final SessionStore store;
    private final SessionService sessions;
    private final Duration interval;
    private long timer = -1;

    SessionJanitor(Vertx vertx, SessionStore store, SessionService sessions,
            @ConfigProperty(name = "fieldline.identity.purge-interval", defaultValue = "1H") Duration interval) {
        this.vertx = vertx;
        this.store = store;
        this.sessions = sessions;
        this.interval = interval;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(interval.toMillis(), id -> store.purgeExpired(sessions.failureWindow())
                .subscribe().with(v -> LOG.debug("Expired sessions purged"),
                        e -> LOG.warnf("Purging expired sessions failed: %s", e.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }
}
