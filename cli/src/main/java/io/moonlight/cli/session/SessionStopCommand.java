package io.moonlight.cli.session;

import io.moonlight.cli.Cli;
import io.moonlight.cli.options.JsonOption;
import io.moonlight.cli.options.SessionIdParameter;
import io.moonlight.core.ExitCode;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.sessions.SessionView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code moonlight session stop ID}: cancels the session's job and ends it. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop a session: cancels its job (SIGTERM, SIGKILL after the grace time) and prints its state: "
                + "ENDED once the job is gone, STOPPING while it still ends.")
public final class SessionStopCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Mixin
    private SessionIdParameter id;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        SessionIds.check(id.value());
        try (SessionContext context = SessionContext.open(cli)) {
            Session session = context.sessions().stopper().stop(context.caller(), id.value());
            if (json.enabled()) {
                cli.out().json(SessionView.of(session, cli.config().supervisor().runsSunshine()));
            } else {
                cli.out().result(session.id() + "  " + session.state() + SessionViews.reason(session));
            }
            return ExitCode.OK.code();
        }
    }
}
