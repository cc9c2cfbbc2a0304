package io.moonlight.cli.options;

import io.moonlight.core.exec.DryRunPlan;
import picocli.CommandLine.Option;

/** {@code --dry-run}: record the exact commands and files instead of running and writing them. */
public final class DryRunOption {
    @Option(names = "--dry-run", description = "Print the exact commands and files it would run and write; change nothing.")
    private boolean dryRun;

    /** A plan to record into under --dry-run, else the plan of a real run (which records nothing). */
    public DryRunPlan plan() {
        return dryRun ? new DryRunPlan() : DryRunPlan.NONE;
    }
}
