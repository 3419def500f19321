package io.fieldline.deploy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Polls components until they are ready, failing fast when one dies and when the shared deadline passes. */
final class ReadinessWaiter {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private final long deadlineNanos;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /** One deadline for the whole start, so the user waits at most {@code timeout} however the time is spent. */
    ReadinessWaiter(long startNanos, Duration timeout) {
        this.deadlineNanos = startNanos + timeout.toNanos();
        this.timeout = timeout;
    }

    /** Whether something already accepts connections on, or holds, this local port. */
    static boolean portInUse(int port) {
        if (accepts("127.0.0.1", port)) {
            return true;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Waits until the process accepts TCP connections on the port. */
    void awaitPort(ManagedProcess process, String host, int port) {
        while (!accepts(host, port)) {
            failIfDead(process);
            failIfLate(List.of(process));
            pause();
        }
    }

    /**
     * Waits until every process answers 200 on its readiness URL, calling {@code onReady} as each one does;
     * {@code onReady} may start further processes, returned with their readiness URLs, which are waited for too.
     *
     * @param readinessUrls the readiness URL of each process
     */
    void awaitHttpReady(Map<ManagedProcess, URI> readinessUrls,
            Function<ManagedProcess, Map<ManagedProcess, URI>> onReady) {
        Map<ManagedProcess, URI> pending = new LinkedHashMap<>(readinessUrls);
        while (!pending.isEmpty()) {
            for (ManagedProcess process : List.copyOf(pending.keySet())) {
                failIfDead(process);
                if (status(pending.get(process)) == 200) {
                    pending.remove(process);
                    pending.putAll(onReady.apply(process));
                }
            }
            if (!pending.isEmpty()) {
                failIfLate(pending.keySet());
                pause();
            }
        }
    }

    /** The HTTP status of a GET, or -1 when the request fails (refused, timed out). */
    int status(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackStartException("Interrupted while waiting for " + uri, e);
        }
    }

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void failIfDead(ManagedProcess process) {
        if (!process.isAlive()) {
            throw new StackStartException(process.name() + " exited with code " + process.exitCode()
                    + " before it was ready", List.of(process.log()), null);
        }
    }

    private void failIfLate(Iterable<ManagedProcess> waitingFor) {
        if (System.nanoTime() - deadlineNanos < 0) {
            return;
        }
        List<String> names = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (ManagedProcess process : waitingFor) {
            names.add(process.name());
            logs.add(process.log());
        }
        throw new StackStartException("Not ready within " + timeout.toSeconds() + " s: " + String.join(", ", names),
                logs, null);
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackStartException("Interrupted while waiting for the stack to become ready", e);
        }
    }
}
