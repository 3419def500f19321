package io.fieldline.support.identity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start without the gateway's public key: a service that cannot verify identity tokens would answer
 * every request with 401, which is far harder to diagnose than a failed start.
 */
@ApplicationScoped
public class IdentityKeyCheck {

    void check(@Observes StartupEvent event,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> location) {
        String path = location.filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                "FIELDLINE_IDENTITY_PUBLIC_KEY_LOCATION is not set: the PEM public key of the gateway is required"));
        String file = path.startsWith("file:") ? path.substring("file:".length()) : path;
        boolean onClasspath = Thread.currentThread().getContextClassLoader().getResource(file) != null;
        if (!onClasspath && !Files.isReadable(Path.of(file))) {
            throw new IllegalStateException("Identity public key not readable: " + path);
        }
    }
}
