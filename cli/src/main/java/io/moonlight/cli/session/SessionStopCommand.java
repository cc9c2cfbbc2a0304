package io.moonlight.cli.session;

import io.moonlight.cli.Cli;
import io.moonlight.core.ExitCode;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.sessions.SessionView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code moonlight session stop ID}: cancels the session's job and ends it. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop a session: cancels its job (SIGTERM, SIGKILL after the grace time) and prints its state: "
                + "ENDED once the job is gone, STOPPING while it still ends.")
public final class SessionStopCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Parameters(paramLabel = "ID", description = "The session id, e.g. ml-alice-20250101120000-abc234.")
    private String id;

    @Option(names = "--json", description = "Print the result as JSON.")
    private boolean json;

    @Override
    public Integer call() {
        SessionIds.check(id);
        try (SessionContext context = SessionContext.open(cli)) {
            Session session = context.sessions().stopper().stop(context.caller(), id);
            if (json) {
                cli.out().json(SessionView.of(session, cli.config().supervisor().runsSunshine()));
            } else {
                cli.out().result(session.id() + "  " + session.state() + SessionViews.reason(session));
            }
            return ExitCode.OK.code();
        }
    }
}
