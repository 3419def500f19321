package io.fieldline.ota.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.ota.OtaConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.file.CopyOptions;
import io.vertx.mutiny.core.Vertx;

/**
 * Artifacts as files under {@code fieldline.ota.storage.directory}: {@code <key>} for artifacts and {@code .tmp/} for
 * writes in progress. The temp directory sits on the same volume, so committing is an atomic rename. File system
 * calls go through Vert.x's async file system (worker threads), never blocking an event loop.
 */
@ApplicationScoped
public class FilesystemArtifactStorage implements ArtifactStorage {

    private final Path root;
    private final Path temp;
    private final Vertx vertx;

    FilesystemArtifactStorage(OtaConfig config, Vertx vertx) {
        this.root = config.storage().directory().toAbsolutePath().normalize();
        this.temp = root.resolve(".tmp");
        this.vertx = vertx;
    }

    // Blocking on purpose: runs once at start-up, before requests. Leftover temp files are writes a crash cut off.
    void prepare(@Observes StartupEvent event) {
        try {
            Files.createDirectories(temp);
            try (var leftovers = Files.list(temp)) {
                for (Path file : leftovers.toList()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the artifact directory " + root, e);
        }
    }

    @Override
    public Path newTempFile() {
        return temp.resolve(UUID.randomUUID() + ".part");
    }

    @Override
    public Uni<Void> commit(Path tempFile, String key) {
        Path target = file(key);
        return vertx.fileSystem().mkdirs(target.getParent().toString())
                .flatMap(v -> vertx.fileSystem().move(tempFile.toString(), target.toString(),
                        new CopyOptions().setAtomicMove(true).setReplaceExisting(false)));
    }

    @Override
    public Uni<Void> delete(String key) {
        return deleteIfExists(file(key));
    }

    @Override
    public Uni<Void> discard(Path tempFile) {
        return deleteIfExists(tempFile).onFailure().recoverWithNull().replaceWithVoid();
    }

    @Override
    public Uni<Optional<StoredArtifact>> locate(String key) {
        Path file = file(key);
        return vertx.fileSystem().exists(file.toString()).flatMap(exists -> exists
                ? vertx.fileSystem().props(file.toString())
                        .map(props -> Optional.of(new StoredArtifact(file, props.size())))
                : Uni.createFrom().item(Optional.empty()));
    }

    private Uni<Void> deleteIfExists(Path file) {
        return vertx.fileSystem().exists(file.toString())
                .flatMap(exists -> exists ? vertx.fileSystem().delete(file.toString()) : Uni.createFrom().voidItem());
    }

    // Keys are built by the service from tenant ids and public ids; refuse anything that would leave the root.
    private Path file(String key) {
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || file.startsWith(temp)) {
            throw new IllegalArgumentException("Artifact key outside the store: " + key);
        }
        return file;
    }
}
