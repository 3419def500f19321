package io.fieldline.ota.artifact;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * Where firmware artifacts live ({@code fieldline.ota.storage.kind}). Writers stream into a local temp file
 * ({@link #newTempFile}) and {@link #commit} it under a key once it is complete and verified, so a cut-off or rejected
 * upload never becomes an artifact. Two implementations: {@link FilesystemArtifactStorage} (the default; commit is an
 * atomic rename, downloads are served with sendFile) and {@link io.fieldline.ota.artifact.s3.S3ArtifactStorage} (an
 * S3-compatible bucket; commit is one PUT of the temp file, downloads are redirected to presigned URLs). Exactly one
 * is active, chosen at start-up by {@link ArtifactStorageProducer}.
 */
public interface ArtifactStorage {

    /** A fresh temp file path for an artifact being written (the file does not exist yet). */
    Path newTempFile();

    /**
     * Makes the complete, verified temp file the artifact {@code key}, atomically; the temp file is gone afterwards,
     * also when the commit fails (and then nothing is stored). Its size and SHA-256, computed while it was written,
     * come along so no store has to read it again.
     */
    Uni<Void> commit(HashingWriter.Written tempFile, String key);

    /** Removes the artifact or temp file if it exists. */
    Uni<Void> delete(String key);

    /** Removes a temp file if it exists (never fails). */
    Uni<Void> discard(Path tempFile);

    /** Where to get the artifact and its size, if it exists. */
    Uni<Optional<StoredArtifact>> locate(String key);

    /** The SHA-256 (lower-case hex) of the artifact as stored now, read without holding it in memory; empty if absent. */
    Uni<Optional<String>> sha256(String key);

    /** A stored artifact, served by ota-service ({@link LocalFile}) or by the store itself ({@link RemoteObject}). */
    sealed interface StoredArtifact permits LocalFile, RemoteObject {

        /** Its size in bytes. */
        long size();
    }

    /** A file ota-service serves itself with sendFile (ranges included). */
    record LocalFile(Path file, long size) implements StoredArtifact {
    }

    /** An object the client is redirected to: a short-lived URL that serves it (ranges included) without a credential. */
    record RemoteObject(URI url, long size) implements StoredArtifact {
    }
}
