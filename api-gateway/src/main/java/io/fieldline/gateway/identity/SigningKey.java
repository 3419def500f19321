package io.fieldline.gateway.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;
import io.smallrye.jwt.util.KeyUtils;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The gateway's RS256 private key, read once at start; a missing or unreadable key fails the start. */
@Startup
@ApplicationScoped
public class SigningKey {

    private final PrivateKey key;

    SigningKey(@ConfigProperty(name = "smallrye.jwt.sign.key.location") Optional<String> location)
            throws GeneralSecurityException, IOException {
        String path = location.filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                "FIELDLINE_IDENTITY_PRIVATE_KEY_LOCATION is not set: the gateway needs its PEM private key"));
        String file = path.startsWith("file:") ? path.substring("file:".length()) : path;
        this.key = KeyUtils.decodePrivateKey(Files.readString(Path.of(file)));
    }

    /** The private key. */
    PrivateKey get() {
        return key;
    }
}
