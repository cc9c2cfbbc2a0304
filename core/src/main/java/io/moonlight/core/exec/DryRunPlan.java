package io.moonlight.core.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code --dry-run} would have done, in order: the exact commands and the files with their
 * full content. Front ends print it; nothing in it has happened. A real run has the plan
 * {@link #NONE}, so that code asks {@link #isDryRun()} instead of checking for a missing plan.
 */
public final class DryRunPlan {
    /** The plan of a real run: everything happens, nothing is recorded. */
    public static final DryRunPlan NONE = new DryRunPlan(false);

    /** One planned side effect: a command line, or a file path with the content it would get. */
    public record Action(String kind, String target, String content) {
    }

    private final List<Action> actions = new ArrayList<>();
    private final boolean dryRun;

    /** An empty plan for a dry run to record into. */
    public DryRunPlan() {
        this(true);
    }

    private DryRunPlan(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    /** {@code real} itself for a real run; under a dry run, one that records changing commands here. */
    public CommandRunner runner(CommandRunner real) {
        return dryRun ? new DryRunCommandRunner(real, this) : real;
    }

    /** A command that would run on {@code host} ("localhost" for this machine). */
    public void command(String host, ExternalCommand command) {
        String where = "localhost".equals(host) ? "" : host + ": ";
        record(new Action("run", where + command.display(), null));
    }

    public void file(String path, String content) {
        record(new Action("write", path, content));
    }

    public void note(String kind, String target) {
        record(new Action(kind, target, null));
    }

    private synchronized void record(Action action) {
        if (dryRun) {
            actions.add(action);
        }
    }

    public synchronized List<Action> actions() {
        return List.copyOf(actions);
    }
}
