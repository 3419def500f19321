package io.fieldline.support.changes;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes {@link ChangeListener}s on the service's own database ({@code quarkus.datasource.*}). */
@ApplicationScoped
public class ChangeListeners {

    private final Vertx vertx;
    private final String url;
    private final String user;
    private final Optional<String> password;

    ChangeListeners(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /**
     * A listener on {@code channel} (not started yet).
     *
     * @param applicationName its connection's {@code application_name}, this listener's alone: barriers count the
     *        listening replicas by it
     * @param echoTimeout how long {@link ChangeListener#written} waits at most for the other replicas
     * @param what what changes, for log messages (e.g. "identity")
     * @param onChange called on every notification and on every (re)connection, on an event loop
     */
    public ChangeListener create(String channel, String applicationName, Duration echoTimeout, String what,
            Runnable onChange) {
        PgConnectOptions database = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                .setUser(user)
                .setPassword(password.orElse(""))
                .setTcpKeepAlive(true)
                .addProperty("application_name", applicationName);
        return new ChangeListener(vertx, database, channel, echoTimeout, what, onChange);
    }
}
