package io.fieldline.ota;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import io.fieldline.testsupport.Await;

/** Artifact contents, their hashes, and the check that uploads leave no temp file, as the OTA tests use them. */
public final class TestArtifacts {

    /** Where ota-service stages uploads in tests ({@code %test.fieldline.ota.storage.directory} + {@code .tmp}). */
    private static final Path TEMP = Path.of("target/ota-artifacts/.tmp");

    private TestArtifacts() {
    }

    /** Random bytes, different on every call. */
    public static byte[] random(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** Lower-case hex SHA-256. */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until no upload's temp file remains (a failed upload removes its file asynchronously). */
    public static void assertNoTempFiles(Duration within) {
        Await.until("no temp files remain", within, () -> tempFiles() == 0);
    }

    public static void assertNoTempFiles() {
        assertNoTempFiles(Duration.ofSeconds(5));
    }

    private static long tempFiles() {
        try (Stream<Path> files = Files.list(TEMP)) {
            return files.count();
        } catch (IOException e) {
            return 0;
        }
    }
}
