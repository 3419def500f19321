package io.fieldline.deploy;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded dev stack behind {@code ./deploy/run}: a real Kafka and PostgreSQL (or the ones configured), the
 * five services as child processes, readiness, a summary, and an orderly stop on Ctrl-C or SIGTERM.
 */
public final class DevStack {

    private DevStack() {
    }

    /** Starts the stack from the repository root with the environment's settings and runs until stopped. */
    public static void main(String[] args) throws InterruptedException {
        long startNanos = System.nanoTime();
        // UTF-8 regardless of the locale: the progress lines use check marks.
        PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        if (args.length > 0) {
            console.println("Usage: ./deploy/run   (configured by environment variables, see deploy/README.md)");
            System.exit(args[0].equals("-h") || args[0].equals("--help") ? 0 : 2);
        }
        StackOptions options;
        try {
            options = StackOptions.fromEnvironment(System.getenv(), Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            console.println("  ✗ " + e.getMessage());
            System.exit(2);
            return;
        }
        ConsoleReport report = new ConsoleReport(console);
        report.starting(options);
        RunningStack stack;
        try {
            stack = start(options, report, startNanos);
        } catch (RuntimeException e) {
            System.exit(1);
            return;
        }
        report.summary(stack);
        watchForUnexpectedExits(stack, report);
        // The rest runs in child processes and daemon threads; wait here until a signal runs the stack's hook.
        new CountDownLatch(1).await();
    }

    /**
     * Starts the whole stack and returns once every service is ready; progress goes to {@code System.out}.
     *
     * @throws StackStartException if a component fails or the stack is not ready in time; everything that
     *     was started has been stopped again by then
     */
    public static RunningStack start(StackOptions options) {
        return start(options, new ConsoleReport(System.out), System.nanoTime());
    }

    private static RunningStack start(StackOptions options, ConsoleReport console, long startNanos) {
        RunningStack stack = new RunningStack(options, console);
        try {
            new StackStarter(options, stack, console, startNanos).run();
            return stack;
        } catch (RuntimeException e) {
            // A failure caused by a concurrent Ctrl-C is no failure worth reporting: the hook reports the stop.
            boolean report = !stack.isClosing();
            if (report) {
                reportFailure(e, stack, console);
            }
            stack.close();
            if (report) {
                console.stopped();
            }
            throw e;
        }
    }

    private static void reportFailure(RuntimeException e, RunningStack stack, ConsoleReport console) {
        console.failure(e instanceof StackStartException failure ? failure
                : new StackStartException("The launcher failed: " + e, e));
        // The gateway may have created a generated admin before another service failed: show it, or it is lost.
        InitialAdmin admin = stack.initialAdmin();
        if (admin != null && admin.origin() == InitialAdmin.Origin.GENERATED
                && Files.exists(stack.options().dataDir().resolve(InitialAdmin.MARKER))) {
            console.adminCreatedBeforeFailure(admin);
        }
        console.stopping();
    }

    private static void watchForUnexpectedExits(RunningStack stack, ConsoleReport report) {
        stack.children().forEach(process -> process.onExit().thenRun(() -> {
            if (!stack.isClosing()) {
                report.unexpectedExit(process);
            }
        }));
    }
}
