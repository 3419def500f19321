package io.fieldline.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void returnsTheFirstAcceptedValue() {
        AtomicInteger calls = new AtomicInteger();
        int value = Await.until("third call", Duration.ofSeconds(5), () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("not yet");
            }
            return calls.get();
        }, n -> n >= 3);
        assertEquals(3, value);
    }

    @Test
    void timesOutWithAssertionErrorNamingWhatItSaw() {
        AssertionError error = assertThrows(AssertionError.class,
                () -> Await.until("the impossible", Duration.ofMillis(200), () -> false));
        assertTrue(error.getMessage().startsWith("Timed out after 200 ms: the impossible; last value: false"),
                error.getMessage());

        AssertionError failing = assertThrows(AssertionError.class, () -> Await.until("a failing probe",
                Duration.ofMillis(100), () -> {
                    throw new IllegalStateException("boom");
                }, x -> true));
        assertTrue(failing.getMessage().contains("last error: java.lang.IllegalStateException: boom"),
                failing.getMessage());
    }

    @Test
    void waitsForAnHttpStatus() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int status = hits.incrementAndGet() < 3 ? 503 : 200;
            byte[] body = ("hit " + hits.get()).getBytes();
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/q/health/ready");
            assertEquals("hit 3", Await.httpStatus(uri, 200, Duration.ofSeconds(5)).body());
        } finally {
            server.stop(0);
        }
    }
}
