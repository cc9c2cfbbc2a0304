package io.moonlight.cli.session;

import io.moonlight.cli.Cli;
import io.moonlight.cli.options.JsonOption;
import io.moonlight.core.ExitCode;
import io.moonlight.core.session.Names;
import io.moonlight.core.sessions.SessionListing;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moonlight session list}: sessions, reconciled with the scheduler (see {@code Reconciler}). */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {
            "List live sessions: yours, or for admins everyone's. Each is reconciled with the scheduler first, "
                + "as 'moonlight cleanup' does: a session whose job is gone is ENDED (FAILED when its supervisor "
                + "had stopped sending heartbeats), a job running for a PENDING session makes it STARTING, a "
                + "session not ready in time or whose supervisor fell silent is FAILED and its job cancelled.",
            "What disagreed (and moonlight jobs without a session) is printed on stderr, or under "
                + "\"disagreements\" with --json."})
public final class SessionListCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Option(names = "--all", description = "Also list ended and failed sessions.")
    private boolean all;

    @Option(names = "--user", paramLabel = "USER", description = "Only this user's sessions (others' for admins only).")
    private String user;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        if (user != null) {
            Names.user(user);
        }
        try (SessionContext context = SessionContext.open(cli)) {
            SessionListing listing = context.sessions().queries().list(context.caller(), all, Optional.ofNullable(user));
            if (json.enabled()) {
                cli.out().json(SessionViews.json(listing, cli.config().supervisor().runsSunshine()));
            } else {
                listing.disagreements().forEach(d -> cli.out().info(SessionViews.disagreement(d)));
                if (listing.sessions().isEmpty()) {
                    cli.out().info("moonlight: no " + (all ? "" : "live ") + "sessions");
                } else {
                    cli.out().table(SessionViews.table(listing.sessions()));
                }
            }
            return ExitCode.OK.code();
        }
    }
}
