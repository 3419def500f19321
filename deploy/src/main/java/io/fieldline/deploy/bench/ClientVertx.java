package io.fieldline.deploy.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The Vert.x instance a benchmark client runs on: a few event loops, no worker pools to speak of, and Linux's epoll
 * like the services (Java NIO elsewhere). The client shares two cores with the stack it measures, so every CPU
 * cycle it saves is one the stack gets.
 */
final class ClientVertx {

    private ClientVertx() {
    }

    static Vertx create(int eventLoops) {
        return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1).setPreferNativeTransport(true));
    }
}
