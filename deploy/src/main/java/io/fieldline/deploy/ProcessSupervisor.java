package io.fieldline.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the stack's child processes with their environment and log file, and stops them in groups. */
final class ProcessSupervisor {

    /** SIGTERM first; a process still running after this long is killed. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final Path workDir;
    private final Path logDir;
    private final List<ManagedProcess> started = new ArrayList<>();
    private boolean closed;

    ProcessSupervisor(Path workDir, Path logDir) {
        this.workDir = workDir;
        this.logDir = logDir;
    }

    /** The JVM launching the stack also runs its children, so they share its Java version. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts a child process (environment: the launcher's, changed by {@code environment}, where a null value
     * removes a variable) whose stdout and stderr go to {@code <logDir>/<name>.log} (truncated per run).
     * It runs in its own session so that a Ctrl-C in the terminal reaches only the launcher, which then
     * stops the children in order (services, then Kafka, then PostgreSQL) instead of all at once.
     */
    synchronized ManagedProcess start(String name, List<String> command, Map<String, String> environment) {
        if (closed) {
            throw new StackStartException("The stack is shutting down; not starting " + name);
        }
        List<String> fullCommand = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            fullCommand.add(SETSID.toString());
        }
        fullCommand.addAll(command);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(fullCommand)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // A null value removes an inherited variable.
        environment.forEach((key, value) -> {
            if (value == null) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        try {
            Files.createDirectories(logDir);
            ManagedProcess process = new ManagedProcess(name, builder.start(), log);
            started.add(process);
            return process;
        } catch (IOException e) {
            throw new StackStartException("Could not start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Stops the given processes together (SIGTERM, then SIGKILL after {@link #GRACE}). */
    void stop(List<ManagedProcess> processes) {
        ManagedProcess.stopAll(processes, GRACE);
    }

    /** Every process started so far. */
    synchronized List<ManagedProcess> started() {
        return List.copyOf(started);
    }

    /** Refuses further starts (a shutdown is under way) and returns what was started. */
    synchronized List<ManagedProcess> closeAndList() {
        closed = true;
        return List.copyOf(started);
    }
}
