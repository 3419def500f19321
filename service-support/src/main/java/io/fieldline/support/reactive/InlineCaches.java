package io.fieldline.support.reactive;

import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Caffeine builders for caches read on every request. Caffeine's default hands its upkeep (replaying the reads it
 * buffered, expiring, evicting) to the common fork-join pool every few dozen reads, which wakes a pool thread for a
 * few microseconds of work: on a box whose cores are busy with event loops that wake-up costs more than the work.
 * These caches do the upkeep on the thread that triggers it instead; a read only try-locks Caffeine's maintenance
 * lock (whoever holds it does the upkeep), so a read on an event loop never waits for another thread.
 */
public final class InlineCaches {

    private InlineCaches() {
    }

    /** A builder whose cache maintains itself on the thread that uses it. */
    public static Caffeine<Object, Object> builder() {
        return Caffeine.newBuilder().executor(Runnable::run);
    }
}
