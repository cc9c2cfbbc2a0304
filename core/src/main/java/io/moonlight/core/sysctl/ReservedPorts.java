package io.moonlight.core.sysctl;

import io.moonlight.core.MoonlightException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A value of {@code net.ipv4.ip_local_reserved_ports}: port ranges, kept sorted and merged (overlapping
 * or adjacent ranges become one), so that it reads exactly as the kernel prints it back
 * ({@code 1000-1005,2000,47984-48220}).
 */
public record ReservedPorts(List<Range> ranges) {
    public static final String KEY = "net.ipv4.ip_local_reserved_ports";
    private static final Pattern RANGE = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?");

    /** Ports {@code first} to {@code last}, both included. */
    public record Range(int first, int last) {
        public Range {
            if (first < 0 || last > 65535 || first > last) {
                throw new IllegalArgumentException("port range " + first + "-" + last);
            }
        }

        @Override
        public String toString() {
            return first == last ? String.valueOf(first) : first + "-" + last;
        }
    }

    public ReservedPorts {
        ranges = merged(ranges);
    }

    /** A value as sysctl prints or takes it; {@code where} names its origin for the error. */
    public static ReservedPorts parse(String value, String where) {
        List<Range> ranges = new ArrayList<>();
        if (value.isBlank()) {
            return new ReservedPorts(ranges);
        }
        for (String part : value.strip().split(",")) {
            Matcher m = RANGE.matcher(part.strip());
            int first = m.matches() ? Integer.parseInt(m.group(1)) : -1;
            int last = m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : first;
            if (!m.matches() || last > 65535 || first > last) {
                throw MoonlightException.failed(KEY + " " + where + " is not a list of port ranges: '" + value.strip()
                        + "'", "it takes ranges such as 1000-1005,2000 from 0 to 65535");
            }
            ranges.add(new Range(first, last));
        }
        return new ReservedPorts(ranges);
    }

    public ReservedPorts with(ReservedPorts more) {
        List<Range> all = new ArrayList<>(ranges);
        all.addAll(more.ranges);
        return new ReservedPorts(all);
    }

    /** These ports without any of {@code other}'s. */
    public ReservedPorts without(ReservedPorts other) {
        List<Range> left = new ArrayList<>(ranges);
        for (Range cut : other.ranges) {
            List<Range> next = new ArrayList<>();
            for (Range range : left) {
                if (range.last() < cut.first() || range.first() > cut.last()) {
                    next.add(range);
                    continue;
                }
                if (range.first() < cut.first()) {
                    next.add(new Range(range.first(), cut.first() - 1));
                }
                if (range.last() > cut.last()) {
                    next.add(new Range(cut.last() + 1, range.last()));
                }
            }
            left = next;
        }
        return new ReservedPorts(left);
    }

    public boolean contains(int port) {
        return ranges.stream().anyMatch(r -> r.first() <= port && port <= r.last());
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    @Override
    public String toString() {
        return ranges.stream().map(Range::toString).collect(Collectors.joining(","));
    }

    private static List<Range> merged(List<Range> ranges) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(Range::first));
        List<Range> merged = new ArrayList<>();
        for (Range range : sorted) {
            Range last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && range.first() <= last.last() + 1) {
                merged.set(merged.size() - 1, new Range(last.first(), Math.max(last.last(), range.last())));
            } else {
                merged.add(range);
            }
        }
        return List.copyOf(merged);
    }
}
