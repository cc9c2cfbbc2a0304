package io.moonlight.core.supervisor;

import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExternalCommand;
import java.util.Optional;

/** Programs run directly on the node, from its installed packages. */
public final class HostRuntime implements SessionRuntime {

    @Override
    public void start(CommandRunner runner) {
        // Nothing to prepare: the node's own programs run as they are.
    }

    @Override
    public ExternalCommand command(ExternalCommand command) {
        return command;
    }

    @Override
    public Optional<String> stop(CommandRunner runner) {
        return Optional.empty();
    }
}
