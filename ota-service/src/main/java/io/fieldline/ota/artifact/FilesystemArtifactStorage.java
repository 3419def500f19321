package io.fieldline.ota.artifact;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.mutiny.Uni;
import io.vertx.core.file.CopyOptions;
import io.vertx.mutiny.core.Vertx;

/**
 * Artifacts as files under {@code fieldline.ota.storage.directory}: {@code <key>} for artifacts and {@code .tmp/} for
 * writes in progress. The temp directory sits on the same volume, so committing is an atomic rename. File system
 * calls go through Vert.x's async file system (worker threads), never blocking an event loop.
 */
public class FilesystemArtifactStorage implements ArtifactStorage {

    private final Path root;
    private final StagingArea staging;
    private final Vertx vertx;

    FilesystemArtifactStorage(Path directory, StagingArea staging, Vertx vertx) {
        this.root = directory.toAbsolutePath().normalize();
        this.staging = staging;
        this.vertx = vertx;
    }

    @Override
    public Path newTempFile() {
        return staging.newFile();
    }

    @Override
    public Uni<Void> commit(HashingWriter.Written tempFile, String key) {
        Path target = file(key);
        return vertx.fileSystem().mkdirs(target.getParent().toString())
                .flatMap(v -> vertx.fileSystem().move(tempFile.file().toString(), target.toString(),
                        new CopyOptions().setAtomicMove(true).setReplaceExisting(false)))
                .onFailure().call(() -> staging.discard(tempFile.file()));
    }

    @Override
    public Uni<Void> delete(String key) {
        Path file = file(key);
        return vertx.fileSystem().exists(file.toString())
                .flatMap(exists -> exists ? vertx.fileSystem().delete(file.toString()) : Uni.createFrom().voidItem());
    }

    @Override
    public Uni<Void> discard(Path tempFile) {
        return staging.discard(tempFile);
    }

    @Override
    public Uni<Optional<StoredArtifact>> locate(String key) {
        Path file = file(key);
        return vertx.fileSystem().exists(file.toString()).flatMap(exists -> exists
                ? vertx.fileSystem().props(file.toString())
                        .map(props -> Optional.<StoredArtifact>of(new LocalFile(file, props.size())))
                : Uni.createFrom().item(Optional.empty()));
    }

    @Override
    public Uni<Optional<String>> sha256(String key) {
        Path file = file(key);
        return vertx.fileSystem().exists(file.toString()).flatMap(exists -> exists
                ? Uni.createFrom().completionStage(
                        HashingWriter.hashFile(vertx.getDelegate(), file).toCompletionStage()).map(Optional::of)
                : Uni.createFrom().item(Optional.empty()));
    }

    // Keys are built by the service from tenant ids and public ids; refuse anything that would leave the root.
    private Path file(String key) {
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || file.startsWith(staging.directory())) {
            throw new IllegalArgumentException("Artifact key outside the store: " + key);
        }
        return file;
    }
}
