package io.fieldline.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Polls a condition every 50 ms until it holds or a deadline passes, then fails with what it saw last. */
public final class Await {

    private static final long POLL_MILLIS = 50;
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);

    private Await() {
    }

    /**
     * Returns the first value of {@code probe} that {@code done} accepts; an exception from either counts as "not yet".
     *
     * @throws AssertionError at the deadline, naming the description, the last value and the last error
     */
    public static <T> T until(String description, Duration deadline, Callable<T> probe, Predicate<T> done) {
        long end = System.nanoTime() + deadline.toNanos();
        T last = null;
        Throwable lastError = null;
        while (true) {
            try {
                T value = probe.call();
                last = value;
                if (done.test(value)) {
                    return value;
                }
            } catch (Exception | AssertionError e) {
                lastError = e;
            }
            if (System.nanoTime() - end >= 0) {
                AssertionError failure = new AssertionError("Timed out after " + deadline.toMillis() + " ms: "
                        + description + "; last value: " + last + "; last error: " + lastError);
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting: " + description, e);
            }
        }
    }

    /** Waits until {@code condition} holds; see {@link #until(String, Duration, Callable, Predicate)}. */
    public static void until(String description, Duration deadline, BooleanSupplier condition) {
        until(description, deadline, condition::getAsBoolean, Boolean::booleanValue);
    }

    /** GETs {@code uri} (2 s timeouts) until it answers {@code expectedStatus}, and returns that response. */
    public static HttpResponse<String> httpStatus(URI uri, int expectedStatus, Duration deadline) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(HTTP_TIMEOUT).GET().build();
        return until("GET " + uri + " answers " + expectedStatus, deadline,
                () -> client.send(request, HttpResponse.BodyHandlers.ofString()),
                response -> response.statusCode() == expectedStatus);
    }
}
