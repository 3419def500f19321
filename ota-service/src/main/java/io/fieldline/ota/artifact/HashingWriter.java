package io.fieldline.ota.artifact;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.ReadStream;

/**
 * Streams a body into a new file while computing its SHA-256 and counting its bytes, with back-pressure (the source
 * pauses while the file's write queue is full), so an artifact is never held in memory. Fails with
 * {@link TooLarge} as soon as more than the limit arrived. On any failure the partial file is left for the caller
 * to discard.
 */
public final class HashingWriter {

    private HashingWriter() {
    }

    /** What was written. */
    public record Written(Path file, long size, String sha256) {
    }

    /** The body exceeded the artifact size limit. */
    public static final class TooLarge extends RuntimeException {

        public TooLarge(long limit) {
            this("Firmware file too large (limit " + limit + " bytes)");
        }

        public TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Writes {@code source} (which must be paused or not yet flowing) into {@code target}; the future completes once
     * the file is closed.
     */
    public static Future<Written> write(Vertx vertx, ReadStream<Buffer> source, Path target, long limit) {
        Promise<Written> result = Promise.promise();
        vertx.fileSystem().open(target.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
                .onFailure(result::tryFail)
                .onSuccess(file -> pump(source, file, limit, target, result));
        return result.future();
    }

    private static void pump(ReadStream<Buffer> source, AsyncFile file, long limit, Path target,
            Promise<Written> result) {
        MessageDigest digest = sha256();
        long[] size = { 0 };
        boolean[] failed = { false };
        Runnable stop = () -> {
            failed[0] = true;
            source.handler(null);
            source.endHandler(null);
        };
        file.exceptionHandler(e -> {
            stop.run();
            file.close().onComplete(x -> result.tryFail(e));
        });
        source.exceptionHandler(e -> {
            stop.run();
            file.close().onComplete(x -> result.tryFail(e));
        });
        source.handler(chunk -> {
            if (failed[0]) {
                return;
            }
            size[0] += chunk.length();
            if (size[0] > limit) {
                stop.run();
                file.close().onComplete(x -> result.tryFail(new TooLarge(limit)));
                return;
            }
            // Hashing a chunk (a few KB) costs microseconds: fine on the event loop.
            digest.update(chunk.getByteBuf().nioBuffer());
            file.write(chunk);
            if (file.writeQueueFull()) {
                source.pause();
                file.drainHandler(v -> source.resume());
            }
        });
        source.endHandler(v -> {
            if (!failed[0]) {
                file.close().onSuccess(x -> result.tryComplete(
                        new Written(target, size[0], HexFormat.of().formatHex(digest.digest()))))
                        .onFailure(result::tryFail);
            }
        });
        source.resume();
    }

    /** The SHA-256 of a stored file, read on a worker thread (a blocking read of up to the artifact limit). */
    public static Future<String> hashFile(Vertx vertx, Path file) {
        return vertx.executeBlocking(() -> {
            MessageDigest digest = sha256();
            try (var in = java.nio.file.Files.newInputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        }, false);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
