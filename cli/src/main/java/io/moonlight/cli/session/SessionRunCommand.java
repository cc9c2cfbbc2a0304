package io.moonlight.cli.session;

import io.moonlight.cli.Cli;
import io.moonlight.cli.options.SessionIdParameter;
import io.moonlight.cli.options.TokenFileOption;
import io.moonlight.core.ExitCode;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.supervisor.NodeDisplays;
import io.moonlight.core.supervisor.SupervisorJob;
import io.moonlight.core.supervisor.SupervisorOutcome;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code moonlight session run ID}: the session's supervisor, run by its job on the node. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Run a session on this node: the command its job runs, not for interactive use.",
            "Claims a port block and display through the gateway with the session's token,",
            "starts the X server, the desktop and Sunshine (supervisor.*), reports READY and",
            "heartbeats; on SIGTERM stops them in order and reports ENDED (FAILED with the",
            "reason when a part of the session ends on its own).",
            "Exit 0 when the session ended, 1 when it failed."})
public final class SessionRunCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Mixin
    private SessionIdParameter id;

    @Mixin
    private TokenFileOption token;

    @Override
    public Integer call() {
        SupervisorOutcome outcome = new SupervisorJob(cli.config(), cli.runner(), cli.renderer(), System.err,
                NodeDisplays.onThisHost())
                .run(id.value(), token.file(), System.getenv());
        return outcome.state() == SessionState.ENDED ? ExitCode.OK.code() : ExitCode.ERROR.code();
    }
}
