package io.fieldline.deploy.bench;

/**
 * Latencies in microseconds in fixed log-linear buckets (64 per power of two above 128 µs, so within 1.6 %), like
 * HdrHistogram with two significant digits: preallocated, constant memory however many requests are recorded.
 * Not thread-safe: each load worker records into its own and the results are merged.
 */
final class LatencyHistogram {

    private static final int LINEAR = 128;
    private static final int SUB_BUCKETS = 64;
    /** Up to 2^40 µs (12 days): nothing recorded is ever larger. */
    private static final int MAX_EXPONENT = 40;

    private final long[] counts = new long[LINEAR + (MAX_EXPONENT - 6) * SUB_BUCKETS];
    private long total;
    private long max;

    /** Records one latency (negative values count as 0). */
    void record(long micros) {
        long value = Math.max(0, micros);
        counts[index(value)]++;
        total++;
        max = Math.max(max, value);
    }

    /** Adds every recording of {@code other}. */
    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long maxMicros() {
        return max;
    }

    /** The latency at {@code percentile} (0..100) in µs: the upper bound of the bucket holding that rank. */
    long percentileMicros(double percentile) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(total * percentile / 100.0));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, upperBound(i));
            }
        }
        return max;
    }

    /** "p50 … p90 … p99 … p99.9 … max …" in milliseconds. */
    String describeMillis() {
        return String.format(java.util.Locale.ROOT, "p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f",
                percentileMicros(50) / 1e3, percentileMicros(90) / 1e3, percentileMicros(99) / 1e3,
                percentileMicros(99.9) / 1e3, max / 1e3);
    }

    static int index(long value) {
        if (value < LINEAR) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(Math.min(value, (1L << MAX_EXPONENT) - 1));
        int shift = exponent - 6;
        int top = (int) (value >>> shift) - SUB_BUCKETS;
        return LINEAR + (shift - 1) * SUB_BUCKETS + top;
    }

    static long upperBound(int index) {
        if (index < LINEAR) {
            return index;
        }
        int shift = (index - LINEAR) / SUB_BUCKETS + 1;
        long top = (index - LINEAR) % SUB_BUCKETS + SUB_BUCKETS;
        return ((top + 1) << shift) - 1;
    }
}
