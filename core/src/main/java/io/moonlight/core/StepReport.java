package io.moonlight.core;

import java.util.List;

/** The result of one step on one target, as printed by front ends (also as JSON). */
public record StepReport(String step, String target, ChangeStatus status, List<String> details) {

    public StepReport {
        details = List.copyOf(details);
    }

    public static StepReport of(String step, String target, ChangeStatus status, String... details) {
        return new StepReport(step, target, status, List.of(details));
    }
}
