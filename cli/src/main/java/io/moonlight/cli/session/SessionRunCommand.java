package io.moonlight.cli.session;

import io.moonlight.cli.Cli;
import io.moonlight.cli.options.SessionIdParameter;
import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.supervisor.NodeDisplays;
import io.moonlight.core.supervisor.SupervisorJob;
import io.moonlight.core.supervisor.SupervisorOutcome;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
    static final String TOKEN_FILE_VARIABLE = "MOONLIGHT_SESSION_TOKEN_FILE";

    @Mixin
    private Cli cli;

    @Mixin
    private SessionIdParameter id;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "The session's token (default: $" + TOKEN_FILE_VARIABLE + ", set by the job).")
    private Path tokenFile;

    @Override
    public Integer call() {
        Path token = tokenFile != null ? tokenFile : tokenFileFromEnvironment();
        SupervisorOutcome outcome = new SupervisorJob(cli.config(), cli.runner(), cli.renderer(), System.err,
                NodeDisplays.onThisHost())
                .run(id.value(), token, System.getenv());
        return outcome.state() == SessionState.ENDED ? ExitCode.OK.code() : ExitCode.ERROR.code();
    }

    private static Path tokenFileFromEnvironment() {
        String file = System.getenv(TOKEN_FILE_VARIABLE);
        if (file == null || file.isBlank()) {
            throw MoonlightException.badInput("no session token file",
                    "the job sets $" + TOKEN_FILE_VARIABLE + "; by hand give --token-file FILE");
        }
        return Path.of(file);
    }
}
