package io.moonlight.core.exec;

import java.time.Duration;

/**
 * Runs read-only commands for real (a dry run still has to look at the live state) and records
 * every command that would change something instead of running it.
 */
public final class DryRunCommandRunner implements CommandRunner {
    private final CommandRunner real;
    private final DryRunPlan plan;

    public DryRunCommandRunner(CommandRunner real, DryRunPlan plan) {
        this.real = real;
        this.plan = plan;
    }

    @Override
    public ExecResult run(ExternalCommand command) {
        if (command.readOnly()) {
            return real.run(command);
        }
        plan.command(real.target(), command);
        return new ExecResult(command, 0, "", "", Duration.ZERO);
    }

    @Override
    public String target() {
        return real.target();
    }
}
