package io.moonlight.core.supervisor;

import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExternalCommand;
import java.util.Optional;

/**
 * Where a session's programs run: directly on the node ({@code host}) or inside an Apptainer instance
 * of the session's image. The supervisor starts the runtime before the first child, runs every child
 * and helper command through {@link #command}, and stops the runtime after the last child.
 */
public interface SessionRuntime {

    /** Prepares the runtime (e.g. starts the instance); throws when it cannot. */
    void start(CommandRunner runner);

    /** The command as it runs in this runtime. */
    ExternalCommand command(ExternalCommand command);

    /** Ends the runtime; returns what it did, for the stop report, or empty when there was nothing to do. */
    Optional<String> stop(CommandRunner runner);
}
