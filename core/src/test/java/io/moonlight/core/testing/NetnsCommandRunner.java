package io.moonlight.core.testing;

import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every command inside a network namespace ({@code ip netns exec NS ...}), so that tests set
 * real kernel parameters without touching the host's own. Test-only.
 */
public final class NetnsCommandRunner implements CommandRunner {
    private final String namespace;
    private final CommandRunner real = new ProcessCommandRunner();

    public NetnsCommandRunner(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public ExecResult run(ExternalCommand command) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        argv.addAll(command.argv());
        ExternalCommand inside = new ExternalCommand(argv, command.env(), command.timeout(), command.stdin(),
                command.workingDir(), command.readOnly(), command.outputListener(), command.secrets());
        ExecResult result = real.run(inside);
        return new ExecResult(command, result.exitCode(), result.stdout(), result.stderr(), result.elapsed());
    }

    @Override
    public String target() {
        return "netns:" + namespace;
    }
}
