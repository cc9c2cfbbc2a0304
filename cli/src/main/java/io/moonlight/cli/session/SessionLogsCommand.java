package io.moonlight.cli.session;

import io.moonlight.cli.Cli;
import io.moonlight.cli.options.SessionIdParameter;
import io.moonlight.core.ExitCode;
import io.moonlight.core.session.SessionIds;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moonlight session logs ID}: the session job's output. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Print a session job's log (<session dir>/logs/job.log), read as the session's user; "
                + "with --follow, also what it writes next, until the session is over.")
public final class SessionLogsCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Mixin
    private SessionIdParameter id;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until the session ends.")
    private boolean follow;

    @Override
    public Integer call() {
        SessionIds.check(id.value());
        try (SessionContext context = SessionContext.open(cli)) {
            context.sessions().logs().read(context.caller(), id.value(), follow, cli.out()::result);
            return ExitCode.OK.code();
        }
    }
}
