package io.moonlight.cli.session;

import io.moonlight.cli.Cli;
import io.moonlight.cli.options.JsonOption;
import io.moonlight.cli.options.SessionIdParameter;
import io.moonlight.core.ExitCode;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.Share;
import io.moonlight.core.sessions.SessionSharing;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moonlight session share ID [--expires 2h] [--max-viewers N] [--revoke]}: the session's view-only link. */
@Command(name = "share", mixinStandardHelpOptions = true,
        description = {
            "Make a view-only link to a session and print it: whoever opens it, signed in through the portal, "
                + "sees the desktop and cannot drive it. A new link replaces the one before, whose viewers are cut off.",
            "--revoke removes the link and cuts its viewers off (exit 4 when there was none)."})
public final class SessionShareCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Mixin
    private SessionIdParameter id;

    @Option(names = "--expires", paramLabel = "TIME", defaultValue = "2h",
            description = "How long the link works: minutes, hours or days, e.g. 30m, 2h, 1d (at most 7d; default: ${DEFAULT-VALUE}).")
    private String expires;

    @Option(names = "--max-viewers", paramLabel = "N", defaultValue = "" + Share.DEFAULT_MAX_VIEWERS,
            description = "How many viewers may watch at once, 1-" + Share.MAX_VIEWERS + " (default: ${DEFAULT-VALUE}).")
    private int maxViewers;

    @Option(names = "--revoke", description = "Remove the session's link instead.")
    private boolean revoke;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        SessionIds.check(id.value());
        Duration lifetime = SessionSharing.lifetime(expires);
        try (SessionContext context = SessionContext.open(cli)) {
            SessionSharing sharing = context.sessions().sharing(true);
            if (revoke) {
                boolean revoked = sharing.revoke(context.caller(), id.value());
                if (json.enabled()) {
                    cli.out().json(Map.of("revoked", revoked));
                } else {
                    cli.out().result(id.value() + (revoked ? "  share link revoked" : "  has no share link"));
                }
                return revoked ? ExitCode.OK.code() : ExitCode.NOTHING_TO_DO.code();
            }
            SessionSharing.ShareLink link = sharing.create(context.caller(), id.value(), lifetime, maxViewers);
            if (json.enabled()) {
                cli.out().json(link);
            } else {
                cli.out().result(link.url());
                cli.out().info("view-only, until " + link.expiresAt() + ", up to " + link.maxViewers() + " viewers at once");
            }
            return ExitCode.OK.code();
        }
    }
}
