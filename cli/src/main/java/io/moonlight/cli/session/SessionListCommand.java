package io.moonlight.cli.session;

import io.moonlight.cli.Cli;
import io.moonlight.cli.options.JsonOption;
import io.moonlight.core.ExitCode;
import io.moonlight.core.sessions.SessionListing;
import io.moonlight.core.store.SessionFilter;
import java.util.Optional;
import java.util.OptionalInt;
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
                + "\"disagreements\" with --json.",
            "Sessions come in pages, oldest first (default " + SessionFilter.DEFAULT_LIMIT + ", at most "
                + SessionFilter.MAX_LIMIT + " with --limit). When there are more, stderr says how to get the next "
                + "page (--cursor), and --json gives its cursor as \"next_cursor\"."})
public final class SessionListCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Option(names = "--all", description = "Also list ended and failed sessions.")
    private boolean all;

    @Option(names = "--state", paramLabel = "STATE",
            description = "Only sessions in this state (PENDING, STARTING, READY, STOPPING, ENDED or FAILED).")
    private String state;

    @Option(names = "--limit", paramLabel = "N", description = "At most N sessions (1 to "
            + SessionFilter.MAX_LIMIT + ", default " + SessionFilter.DEFAULT_LIMIT + ").")
    private Integer limit;

    @Option(names = "--cursor", paramLabel = "CURSOR",
            description = "The page after the one that printed this cursor (as next page, or \"next_cursor\").")
    private String cursor;

    @Option(names = "--user", paramLabel = "USER", description = "Only this user's sessions (others' for admins only).")
    private String user;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        SessionFilter filter = SessionFilter.of(all, Optional.ofNullable(state), Optional.ofNullable(user),
                Optional.ofNullable(cursor), limit == null ? OptionalInt.empty() : OptionalInt.of(limit));
        try (SessionContext context = SessionContext.open(cli)) {
            SessionListing listing = context.sessions().queries().list(context.caller(), filter);
            if (json.enabled()) {
                cli.out().json(SessionViews.json(listing, cli.config().supervisor().runsSunshine()));
            } else {
                listing.disagreements().forEach(d -> cli.out().info(SessionViews.disagreement(d)));
                if (listing.sessions().isEmpty()) {
                    cli.out().info("moonlight: no " + (all ? "" : "live ") + "sessions");
                } else {
                    cli.out().table(SessionViews.table(listing.sessions()));
                }
                listing.next().ifPresent(next -> cli.out().info("moonlight: there are more sessions; the next page: "
                        + nextPage(next.encode())));
            }
            return ExitCode.OK.code();
        }
    }

    /** This command again with the same filters, for the page after {@code next}. */
    private String nextPage(String next) {
        StringBuilder command = new StringBuilder("moonlight session list");
        if (all) {
            command.append(" --all");
        }
        Optional.ofNullable(state).ifPresent(s -> command.append(" --state ").append(s));
        Optional.ofNullable(user).ifPresent(u -> command.append(" --user ").append(u));
        Optional.ofNullable(limit).ifPresent(n -> command.append(" --limit ").append(n));
        return command.append(" --cursor ").append(next).toString();
    }
}
