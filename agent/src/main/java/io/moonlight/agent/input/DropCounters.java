package io.moonlight.agent.input;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Dropped messages by reason, cumulative since start; safe from any thread. */
final class DropCounters {
    private final Map<DropReason, AtomicLong> counts = new EnumMap<>(DropReason.class);

    DropCounters() {
        for (DropReason reason : DropReason.values()) {
            counts.put(reason, new AtomicLong());
        }
    }

    void count(DropReason reason) {
        counts.get(reason).incrementAndGet();
    }

    /** Every reason with its count (zeros included), keyed by the protocol's names. */
    Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new LinkedHashMap<>();
        counts.forEach((reason, count) -> snapshot.put(reason.wireName(), count.get()));
        return snapshot;
    }
}
