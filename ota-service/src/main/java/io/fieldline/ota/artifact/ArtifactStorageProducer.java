package io.fieldline.ota.artifact;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.fieldline.ota.OtaConfig;
import io.fieldline.ota.artifact.s3.S3ArtifactStorage;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;

/**
 * The one {@link ArtifactStorage} of the service, chosen by {@code fieldline.ota.storage.kind} at start-up (a runtime
 * choice, so a producer rather than build-time bean selection). Both kinds stage uploads in the same local temp
 * directory.
 */
@Singleton
public class ArtifactStorageProducer {

    private final OtaConfig config;
    private final StagingArea staging;

    ArtifactStorageProducer(OtaConfig config, Vertx vertx) {
        this.config = config;
        this.staging = new StagingArea(config.storage().directory(), vertx);
    }

    @Produces
    @Singleton
    ArtifactStorage artifactStorage(Vertx vertx) {
        OtaConfig.Storage storage = config.storage();
        return switch (storage.kind()) {
            case FILESYSTEM -> new FilesystemArtifactStorage(storage.directory(), staging, vertx);
            case S3 -> S3ArtifactStorage.create(storage.s3(), staging, vertx);
        };
    }

    void close(@Disposes ArtifactStorage storage) {
        if (storage instanceof S3ArtifactStorage s3) {
            s3.close();
        }
    }

    // Injecting the store creates it here, at start-up: a configuration error (kind=s3 without a bucket) stops the
    // start instead of failing the first upload.
    void prepare(@Observes StartupEvent event, ArtifactStorage storage) {
        staging.prepare();
    }
}
