package io.fieldline.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A child process of the dev stack (a service or the Kafka broker JVM) with the file its output goes to. */
public final class ManagedProcess {

    private final String name;
    private final Process process;
    private final Path log;

    ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** The component name, e.g. {@code kafka} or {@code ingest-service}. */
    public String name() {
        return name;
    }

    /** The file receiving the process's stdout and stderr. */
    public Path log() {
        return log;
    }

    /** The operating-system process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Completes when the process has exited. */
    public CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** The exit code; only meaningful once {@link #isAlive()} is false. */
    public int exitCode() {
        return process.exitValue();
    }

    /**
     * Kills the process and its descendants with SIGKILL (no shutdown hooks, nothing flushed: a crash, for
     * durability drills) and waits until it is gone.
     */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") did not die after SIGKILL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops all the given processes together: SIGTERM to each and to its descendants, then waits up to
     * {@code grace} in total before killing whatever is left. The descendants are collected before the
     * signal because, once their parent is gone, they are re-parented and no longer found through it.
     */
    static void stopAll(List<ManagedProcess> processes, Duration grace) {
        List<ProcessHandle> handles = new ArrayList<>();
        for (ManagedProcess managed : processes) {
            handles.add(managed.process.toHandle());
            managed.process.descendants().forEach(handles::add);
        }
        handles.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : handles) {
            long remaining = Math.max(0, deadline - System.nanoTime());
            try {
                handle.onExit().get(remaining, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                handle.destroyForcibly();
            }
        }
        // A forcibly killed process is reaped asynchronously; wait briefly so none outlives the launcher.
        for (ProcessHandle handle : handles) {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // Nothing more can be done than SIGKILL; the caller's final report names the pid.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
