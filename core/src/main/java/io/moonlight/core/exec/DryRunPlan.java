package io.moonlight.core.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code --dry-run} would have done, in order: the exact commands and the files with their
 * full content. Front ends print it; nothing in it has happened.
 */
public final class DryRunPlan {

    /** One planned side effect: a command line, or a file path with the content it would get. */
    public record Action(String kind, String target, String content) {
    }

    private final List<Action> actions = new ArrayList<>();

    /** A command that would run on {@code host} ("localhost" for this machine). */
    public synchronized void command(String host, ExternalCommand command) {
        String where = "localhost".equals(host) ? "" : host + ": ";
        actions.add(new Action("run", where + command.display(), null));
    }

    public synchronized void file(String path, String content) {
        actions.add(new Action("write", path, content));
    }

    public synchronized void note(String kind, String target) {
        actions.add(new Action(kind, target, null));
    }

    public synchronized List<Action> actions() {
        return List.copyOf(actions);
    }
}
