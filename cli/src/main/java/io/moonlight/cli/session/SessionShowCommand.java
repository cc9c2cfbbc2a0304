package io.moonlight.cli.session;

import io.moonlight.cli.Cli;
import io.moonlight.cli.options.JsonOption;
import io.moonlight.cli.options.SessionIdParameter;
import io.moonlight.core.ExitCode;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.sessions.SessionDetails;
import io.moonlight.core.sessions.SessionView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code moonlight session show ID}: one session and how to reach it. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show a session: state, node, display, the Moonlight address (host:port), Sunshine's web UI "
                + "port, the browser URL, the time left and its log files. The session is reconciled with the "
                + "scheduler first, as 'session list' does.")
public final class SessionShowCommand implements Callable<Integer> {
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
            SessionDetails details = context.sessions().queries().show(context.caller(), id.value());
            if (json.enabled()) {
                cli.out().json(SessionView.of(details));
            } else {
                SessionViews.lines(details).forEach(cli.out()::result);
            }
            return ExitCode.OK.code();
        }
    }
}
