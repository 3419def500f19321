package io.fieldline.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Reads the last lines of a component's log, to show why it failed. */
final class LogTail {

    private LogTail() {
    }

    /** The last {@code count} lines of the file; an explanatory line if it cannot be read. */
    static List<String> lastLines(Path file, int count) {
        Deque<String> tail = new ArrayDeque<>(count);
        // InputStreamReader replaces malformed bytes: a killed JVM may leave half a character behind.
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (tail.size() == count) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            }
        } catch (IOException e) {
            return List.of("(could not read " + file + ": " + e.getMessage() + ")");
        }
        return List.copyOf(tail);
    }
}
