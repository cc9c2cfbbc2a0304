package io.moonlight.agent.testing;

import java.util.List;
import java.util.Locale;

/** The benchmarks' percentiles: nearest rank, printed for a table. */
public final class Percentile {
    private Percentile() {
    }

    /** The value at {@code percentile} of {@code values} with {@code digits} decimals; "-" when there are none. */
    public static String format(List<Double> values, double percentile, int digits) {
        if (values.isEmpty()) {
            return "-";
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int index = (int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(percentile / 100 * sorted.length) - 1));
        return String.format(Locale.ROOT, "%." + digits + "f", sorted[index]);
    }
}
