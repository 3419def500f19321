package io.fieldline.deploy.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import io.fieldline.deploy.DevStack;
import io.fieldline.deploy.RunningStack;
import io.fieldline.deploy.StackStartException;

/**
 * The frame every stack benchmark runs in: start a stack, hand the measurement a small HTTP client, always stop the
 * stack, and exit 0 when the measurement passed, 1 otherwise.
 */
final class StackBench {

    /** One benchmark's measurements against a running stack; true when they passed. */
    interface Measurement {

        boolean run(RunningStack stack, BenchStack benchStack, HttpClient http) throws Exception;
    }

    private StackBench() {
    }

    /** Standard output, flushed on every line (progress lines must show at once). */
    static PrintStream console() {
        return new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    }

    /** Prepares and starts the stack, runs the measurement, stops the stack and exits the JVM. */
    static void run(PrintStream out, Supplier<BenchStack> prepare, Measurement measurement) {
        BenchStack benchStack;
        RunningStack stack;
        try {
            benchStack = prepare.get();
            out.println("Starting Fieldline for the benchmark (data in " + benchStack.dataDir() + ")");
            stack = DevStack.start(benchStack.options());
        } catch (IllegalArgumentException | StackStartException e) {
            out.println("  ✗ " + e.getMessage());
            System.exit(1);
            return;
        }
        benchStack.cleanUpOnExit(stack);
        // A small pool: on a small machine the load generator should not take the CPU the stack needs.
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "bench-http");
            thread.setDaemon(true);
            return thread;
        });
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor).build();
        boolean passed;
        try {
            passed = measurement.run(stack, benchStack, http);
        } catch (Exception e) {
            out.println();
            out.println("  ✗ The benchmark failed: " + e);
            passed = false;
        } finally {
            out.println();
            out.println("Stopping Fieldline...");
            benchStack.close(stack);
            executor.shutdownNow();
            out.println("Stopped.");
        }
        System.exit(passed ? 0 : 1);
    }
}
