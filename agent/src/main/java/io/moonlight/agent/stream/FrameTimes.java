package io.moonlight.agent.stream;

import java.util.Arrays;

/** The last frames' grab and push (convert + hand to the encoder) times, for logs and benchmarks. */
public final class FrameTimes {
    private static final int KEPT = 512;
    private final long[] grab = new long[KEPT];
    private final long[] push = new long[KEPT];
    private long count;

    synchronized void add(long grabNanos, long pushNanos) {
        int i = (int) (count++ % KEPT);
        grab[i] = grabNanos;
        push[i] = pushNanos;
    }

    /** Frames pushed since the start. */
    public synchronized long count() {
        return count;
    }

    /** The given percentile (0-100) of the kept grab times, in milliseconds. */
    public synchronized double grabMillis(double percentile) {
        return percentile(grab, percentile);
    }

    /** The given percentile (0-100) of the kept push times, in milliseconds. */
    public synchronized double pushMillis(double percentile) {
        return percentile(push, percentile);
    }

    private double percentile(long[] values, double percentile) {
        int n = (int) Math.min(count, KEPT);
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        int index = (int) Math.min(n - 1, Math.ceil(percentile / 100 * n) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
