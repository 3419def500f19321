package io.fieldline.gateway.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.vertx.core.http.HttpClient;

/**
 * One HTTP client per event loop. A pooled connection belongs to the event loop that opened it, and a request sent
 * from another loop crosses threads twice (its write to the connection's loop, the response back). With a client
 * per loop, a forwarded request stays on the loop that received it.
 */
public final class EventLoopClients {

    private final Supplier<HttpClient> factory;
    private final Map<Thread, HttpClient> clients = new ConcurrentHashMap<>();

    public EventLoopClients(Supplier<HttpClient> factory) {
        this.factory = factory;
    }

    /** The client of the calling thread's event loop (a worker thread, never expected here, gets its own). */
    public HttpClient current() {
        return clients.computeIfAbsent(Thread.currentThread(), thread -> factory.get());
    }

    public void close() {
        clients.values().forEach(HttpClient::close);
    }
}
