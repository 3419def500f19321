package io.fieldline.ingest.storage;

import java.util.Collection;
import java.util.TreeSet;

/**
 * The advisory locks that keep a writer's flush apart from the deletes that must not race it (an event's delete, a
 * datapoint's delete recomputing its bucket). They are striped: an event locks stripe {@code id % STRIPES} of a key
 * space of its own (the two-integer form, which never meets the one-bigint locks used elsewhere). A lock per event
 * made a flush over many events take thousands of locks, each an entry in PostgreSQL's shared lock table (sized
 * {@code max_locks_per_transaction} × {@code max_connections}, 64 × 100 by default, plus some slack): a flush over
 * 50,000 events failed with "out of shared memory", again on every retry. Flushes take their stripes shared
 * (flushes never wait for each other), deletes take their event's stripe exclusive; a delete so waits for the
 * flushes in progress on its stripe, and a flush behind a delete sees, once it has its locks, whether the event
 * still exists.
 */
public final class EventLocks {

    /** The first key of every lock of this protocol: "evnt" in ASCII. */
    static final int NAMESPACE = 0x65766e74;
    /** How many stripes events spread over: the most locks one flush takes. */
    static final int STRIPES = 1024;
    /** Shared locks of the given stripes, in ascending order (two lockers never wait on each other in turn). */
    static final String LOCK_SHARED = "SELECT pg_advisory_xact_lock_shared(" + NAMESPACE
            + ", s) FROM unnest(?::int[]) s ORDER BY s";

    /** SQL expression of the exclusive lock for the event whose id is the parameter or column {@code id}. */
    public static String exclusive(String id) {
        return "pg_advisory_xact_lock(" + NAMESPACE + ", (" + id + " % " + STRIPES + ")::int)";
    }

    private EventLocks() {
    }

    /** The stripes of the events, ascending. */
    static Integer[] stripes(Collection<Long> eventIds) {
        TreeSet<Integer> stripes = new TreeSet<>();
        for (long id : eventIds) {
            stripes.add((int) (id % STRIPES));
        }
        return stripes.toArray(Integer[]::new);
    }
}
