package io.fieldline.ota.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tar reader against archives written by the system's GNU tar, in its two ways of storing long names. */
class TarEntriesTest {

    private static final String LONG_PATH = "images/" + "a".repeat(120) + ".txt"; // one more directory level
    private static final String LONG_NAME = "b".repeat(150) + ".txt"; // no '/' to split at: needs a long-name record

    @TempDir
    Path work;

    @Test
    void findsEntriesByTheirWholeLongNameInGnuAndPaxArchives() throws Exception {
        for (String format : List.of("gnu", "pax")) {
            Path archive = tar(format);
            for (String name : List.of(LONG_PATH, LONG_NAME, "manifest.json")) {
                try (InputStream in = Files.newInputStream(archive)) {
                    assertEquals(Optional.of(name), TarEntries.find(in, name, 1024)
                            .map(bytes -> new String(bytes, StandardCharsets.UTF_8)), format + ": " + name);
                }
            }
            try (InputStream in = Files.newInputStream(archive)) {
                assertEquals(Optional.empty(), TarEntries.find(in, "missing.json", 1024));
            }
        }
    }

    @Test
    void refusesWhatIsNotATarArchiveOrTooLarge() throws Exception {
        byte[] garbage = new byte[1024];
        garbage[0] = 'x';
        assertThrows(TarEntries.Malformed.class, () -> TarEntries.find(new ByteArrayInputStream(garbage), "m", 10));
        try (InputStream in = Files.newInputStream(tar("gnu"))) {
            assertThrows(TarEntries.Malformed.class, () -> TarEntries.find(in, "manifest.json", 5));
        }
        // An empty stream is an archive without entries.
        assertEquals(Optional.empty(), TarEntries.find(new ByteArrayInputStream(new byte[0]), "m", 10));
    }

    // Each file holds its own name, so a hit on the wrong entry shows.
    private Path tar(String format) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(work, format);
        for (String name : List.of(LONG_PATH, LONG_NAME, "manifest.json")) {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, name);
        }
        Path archive = work.resolve(format + ".tar");
        Process tar = new ProcessBuilder("tar", "--format=" + format, "-cf", archive.toString(), "-C", dir.toString(),
                LONG_PATH, LONG_NAME, "manifest.json").redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!tar.waitFor(30, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IOException("tar failed: " + output);
        }
        return archive;
    }
}
