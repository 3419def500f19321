package io.fieldline.ota.artifact;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * Where firmware artifacts live. Writers stream into a local temp file ({@link #newTempFile}) and
 * {@link #commit} it under a key once it is complete and verified, so a cut-off or rejected upload never becomes an
 * artifact. Fieldline ships the filesystem implementation ({@link FilesystemArtifactStorage}); an S3-compatible store
 * would implement the same interface (commit = multipart upload of the temp file, locate = a local cache or a
 * presigned URL) and is not built yet.
 */
public interface ArtifactStorage {

    /** A fresh temp file path for an artifact being written (the file does not exist yet). */
    Path newTempFile();

    /** Makes the complete temp file the artifact {@code key}, atomically; the temp file is gone afterwards. */
    Uni<Void> commit(Path tempFile, String key);

    /** Removes the artifact or temp file if it exists. */
    Uni<Void> delete(String key);

    /** Removes a temp file if it exists (never fails). */
    Uni<Void> discard(Path tempFile);

    /** The artifact's file and size, if it exists. */
    Uni<Optional<StoredArtifact>> locate(String key);

    /** A stored artifact: a file served with sendFile, and its size. */
    record StoredArtifact(Path file, long size) {
    }
}
