package io.wagateway.bench;

import java.util.Arrays;

/** Latencies in nanoseconds, recorded from many threads, read as percentiles in milliseconds. */
final class Latencies {

    private long[] values = new long[4096];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    /** The {@code p}-th percentile (0-100) in milliseconds, nearest rank; NaN when nothing was recorded. */
    synchronized double percentileMs(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }

    /** Every latency of {@code other} added to these. */
    void addAll(Latencies other) {
        long[] copy;
        synchronized (other) {
            copy = Arrays.copyOf(other.values, other.size);
        }
        for (long nanos : copy) {
            add(nanos);
        }
    }

    synchronized double maxMs() {
        long max = 0;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, values[i]);
        }
        return size == 0 ? Double.NaN : max / 1e6;
    }
}
