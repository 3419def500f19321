package io.fieldline.ota.firmware.api;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.ota.OtaConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The version {@code /ota/check} compares with: configured, else the application version without its suffix. */
@ApplicationScoped
class CurrentVersion {

    private final String version;

    CurrentVersion(OtaConfig config,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "0.0.0") String appVersion) {
        this.version = config.currentVersion().orElseGet(() -> appVersion.replaceFirst("[-+].*$", ""));
    }

    String get() {
        return version;
    }
}
