package io.moonlight.core.supervisor;

import java.util.List;

/** What stopping a session did, step by step, and whether anything of it was left running. */
public record StopReport(List<String> steps, List<Long> survivors) {
    public StopReport {
        steps = List.copyOf(steps);
        survivors = List.copyOf(survivors);
    }

    public boolean clean() {
        return survivors.isEmpty();
    }
}
