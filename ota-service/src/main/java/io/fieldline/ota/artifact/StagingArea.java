package io.fieldline.ota.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * The local directory where artifacts are written and verified before a store commits them ({@code .tmp/} under
 * {@code fieldline.ota.storage.directory}, so the filesystem store commits by an atomic rename on the same volume).
 */
public final class StagingArea {

    private final Path directory;
    private final Vertx vertx;

    public StagingArea(Path storageDirectory, Vertx vertx) {
        this.directory = storageDirectory.toAbsolutePath().normalize().resolve(".tmp");
        this.vertx = vertx;
    }

    /** The directory temp files are created in. */
    public Path directory() {
        return directory;
    }

    /** A fresh temp file path (the file does not exist yet). */
    public Path newFile() {
        return directory.resolve(UUID.randomUUID() + ".part");
    }

    /** Removes a temp file if it exists; never fails. */
    public Uni<Void> discard(Path file) {
        return vertx.fileSystem().exists(file.toString())
                .flatMap(exists -> exists ? vertx.fileSystem().delete(file.toString()) : Uni.createFrom().voidItem())
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Creates the directory and deletes leftovers (writes a crash cut off). Blocking on purpose: runs once at
     * start-up, before requests.
     */
    void prepare() {
        try {
            Files.createDirectories(directory);
            try (var leftovers = Files.list(directory)) {
                for (Path file : leftovers.toList()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the artifact temp directory " + directory, e);
        }
    }
}
