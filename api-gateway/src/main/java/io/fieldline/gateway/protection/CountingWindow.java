package io.fieldline.gateway.protection;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A fixed window counter for one key, lock-free so event-loop threads never wait for each other. The window starts
 * with the first request after the previous one ended.
 */
final class CountingWindow {

    /** The outcome of an attempt: granted in the window starting at {@code windowStart}, or refused for a while. */
    record Attempt(boolean granted, long windowStart, long retryAfterMillis) {
    }

    private record State(long start, int count) {
    }

    private final AtomicReference<State> state;

    CountingWindow(long nowMillis) {
        this.state = new AtomicReference<>(new State(nowMillis, 0));
    }

    /** Counts one request if the window has room for it. */
    Attempt tryAcquire(int limit, long windowMillis, long nowMillis) {
        while (true) {
            State current = state.get();
            State base = nowMillis - current.start() >= windowMillis ? new State(nowMillis, 0) : current;
            if (base.count() >= limit) {
                return new Attempt(false, base.start(), base.start() + windowMillis - nowMillis);
            }
            if (state.compareAndSet(current, new State(base.start(), base.count() + 1))) {
                return new Attempt(true, base.start(), 0);
            }
        }
    }

    /** Takes back a request counted in the window starting at {@code windowStart}, if that window is still current. */
    void release(long windowStart) {
        while (true) {
            State current = state.get();
            if (current.start() != windowStart || current.count() == 0) {
                return;
            }
            if (state.compareAndSet(current, new State(current.start(), current.count() - 1))) {
                return;
            }
        }
    }
}
