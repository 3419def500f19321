package io.fieldline.ota.artifact.s3;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fieldline.ota.OtaConfig;
import io.fieldline.ota.artifact.ArtifactStorage;
import io.fieldline.ota.artifact.HashingWriter;
import io.fieldline.ota.artifact.StagingArea;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Artifacts as objects in an S3-compatible bucket ({@code fieldline.ota.storage.kind=s3}). Uploads are staged and
 * verified in a local temp file as with the filesystem store; committing is one PUT of that file, signed with its
 * SHA-256 so the store refuses a body altered on the way (an object appears whole or not at all), and the temp file is
 * deleted either way. Downloads are redirected to short-lived presigned GET URLs: the store serves the bytes and the
 * ranges itself.
 */
public final class S3ArtifactStorage implements ArtifactStorage {

    private static final String PREFIX = "fieldline.ota.storage.s3.";

    private final StagingArea staging;
    private final S3ObjectClient client;
    private final Duration presignLifetime;

    S3ArtifactStorage(StagingArea staging, S3ObjectClient client, Duration presignLifetime) {
        this.staging = staging;
        this.client = client;
        this.presignLifetime = presignLifetime;
    }

    /**
     * The store described by {@code config}.
     *
     * @throws IllegalStateException naming every missing or invalid setting, so that the service does not start
     */
    public static S3ArtifactStorage create(OtaConfig.S3 config, StagingArea staging, Vertx vertx) {
        List<String> problems = new ArrayList<>();
        URI endpoint = required(config.endpoint(), "endpoint", problems);
        String bucket = required(config.bucket(), "bucket", problems);
        String accessKey = required(config.accessKey(), "access-key", problems);
        String secretKey = required(config.secretKey(), "secret-key", problems);
        S3Address address = null;
        if (endpoint != null && bucket != null) {
            try {
                address = S3Address.of(endpoint, bucket, config.pathStyle());
            } catch (IllegalArgumentException e) {
                problems.add(PREFIX + "endpoint " + e.getMessage());
            }
        }
        Duration lifetime = config.presignLifetime();
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(SigV4Signer.MAX_PRESIGN_LIFETIME) > 0) {
            problems.add(PREFIX + "presign-lifetime must be between 1 second and 7 days");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("fieldline.ota.storage.kind=s3 is not configured: "
                    + String.join("; ", problems));
        }
        SigV4Signer signer = new SigV4Signer(accessKey, secretKey, config.region());
        S3ObjectClient client = new S3ObjectClient(vertx.getDelegate(), address, signer, Clock.systemUTC(),
                config.connectTimeout(), config.requestTimeout(), config.transferTimeout());
        return new S3ArtifactStorage(staging, client, lifetime);
    }

    private static <T> T required(Optional<T> value, String name, List<String> problems) {
        if (value.isEmpty() || value.get().toString().isBlank()) {
            problems.add(PREFIX + name + " is required (env FIELDLINE_OTA_STORAGE_S3_"
                    + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + ")");
            return null;
        }
        return value.get();
    }

    @Override
    public Path newTempFile() {
        return staging.newFile();
    }

    @Override
    public Uni<Void> commit(HashingWriter.Written tempFile, String key) {
        // Signed with the hash computed while the file was written, so the store verifies the body it receives.
        return client.put(key, tempFile.file(), tempFile.size(), tempFile.sha256())
                .onTermination().call(() -> staging.discard(tempFile.file()));
    }

    @Override
    public Uni<Void> delete(String key) {
        return client.delete(key);
    }

    @Override
    public Uni<Void> discard(Path tempFile) {
        return staging.discard(tempFile);
    }

    @Override
    public Uni<Optional<StoredArtifact>> locate(String key) {
        return client.size(key).map(size -> size
                .<StoredArtifact>map(bytes -> new RemoteObject(client.presignedGet(key, presignLifetime), bytes)));
    }

    @Override
    public Uni<Optional<String>> sha256(String key) {
        return client.sha256(key);
    }

    /** Closes the HTTP client (at shutdown). */
    public void close() {
        client.close();
    }
}
