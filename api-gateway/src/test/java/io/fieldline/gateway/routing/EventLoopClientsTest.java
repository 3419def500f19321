package io.fieldline.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLoopClientsTest {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void eachEventLoopGetsAClientOfItsOwnAndKeepsIt() throws Exception {
        // GIVEN clients made on demand, and two contexts on the two event loops
        AtomicInteger made = new AtomicInteger();
        EventLoopClients clients = new EventLoopClients(() -> {
            made.incrementAndGet();
            return vertx.createHttpClient();
        });
        List<Context> contexts = new CopyOnWriteArrayList<>();
        vertx.deployVerticle(() -> new AbstractVerticle() {

            @Override
            public void start() {
                contexts.add(context);
            }
        }, new DeploymentOptions().setInstances(2)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Context first = contexts.get(0);
        Context second = contexts.get(1);
        assertNotSame(thread(first), thread(second));

        // WHEN each loop asks twice
        HttpClient a1 = on(first, clients);
        HttpClient a2 = on(first, clients);
        HttpClient b1 = on(second, clients);
        HttpClient b2 = on(second, clients);

        // THEN a loop always gets its own client, and only two were made
        assertSame(a1, a2);
        assertSame(b1, b2);
        assertNotSame(a1, b1);
        assertEquals(2, made.get());
        clients.close();
    }

    private static Thread thread(Context context) throws Exception {
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        context.runOnContext(v -> thread.complete(Thread.currentThread()));
        return thread.get(10, TimeUnit.SECONDS);
    }

    private static HttpClient on(Context context, EventLoopClients clients) throws Exception {
        CompletableFuture<HttpClient> client = new CompletableFuture<>();
        context.runOnContext(v -> client.complete(clients.current()));
        return client.get(10, TimeUnit.SECONDS);
    }
}
