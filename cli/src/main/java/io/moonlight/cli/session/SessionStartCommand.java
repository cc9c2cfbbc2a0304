package io.moonlight.cli.session;

import io.moonlight.cli.Cli;
import io.moonlight.cli.Output;
import io.moonlight.cli.options.JsonOption;
import io.moonlight.core.ExitCode;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.sessions.SessionLauncher;
import io.moonlight.core.sessions.SessionView;
import io.moonlight.core.sessions.StartRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moonlight session start}: a new desktop session for the caller (or, for admins, any user). */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {
            "Start a desktop session: checks every option first, then submits the session job as the user "
                + "(partition, QoS and gres from the configuration) and prints the session id and state.",
            "With --wait it waits until the session is READY (or failed) and prints how to connect."})
public final class SessionStartCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Option(names = "--user", paramLabel = "USER",
            description = "Whose session (default: you; another user only for root and sessions.admin_group).")
    private String user;

    @Option(names = "--image", paramLabel = "ID", description = "Desktop image from the configuration (default: xfce4).")
    private String image;

    @Option(names = "--geometry", paramLabel = "WxH",
            description = "Desktop size, 640x480 to 7680x4320 (default: 1920x1080).")
    private String geometry;

    @Option(names = "--hours", paramLabel = "N", description = "Length, 1 to the QoS's MaxWall (default: 4).")
    private Integer hours;

    @Option(names = "--fps", paramLabel = "N", description = "Frame rate: 30, 60 or 120 (default: 60).")
    private Integer fps;

    @Option(names = "--bitrate-kbps", paramLabel = "N", description = "Video bitrate in kbit/s, 500 to 500000 (default: 20000).")
    private Integer bitrateKbps;

    @Option(names = "--codec", paramLabel = "CODEC", description = "h264 or hevc (default: h264).")
    private String codec;

    @Option(names = "--wait", description = "Wait until READY (sessions.ready_timeout_seconds) and print the connection.")
    private boolean await;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        StartRequest request = new StartRequest(user, image, geometry, hours, fps, bitrateKbps, codec);
        SessionLauncher.check(cli.config(), request);
        try (SessionContext context = SessionContext.open(cli)) {
            Session session = context.sessions().launcher().start(context.caller(), request);
            if (!await) {
                print(SessionView.of(session, cli.config().supervisor().runsSunshine()), session.id() + "  " + session.state());
                return ExitCode.OK.code();
            }
            cli.out().info("moonlight: session " + session.id() + " submitted (job " + session.jobId().orElse("-")
                    + "); waiting for READY");
            Session done = context.sessions().queries().awaitReady(context.caller(), session.id(),
                    Duration.ofSeconds(cli.config().sessions().readyTimeoutSeconds()), stateLine(session.id()));
            if (done.state() != SessionState.READY) {
                print(SessionView.of(done, cli.config().supervisor().runsSunshine()), done.id() + "  " + done.state() + SessionViews.reason(done));
                return ExitCode.ERROR.code();
            }
            var details = context.sessions().queries().show(context.caller(), done.id());
            if (json.enabled()) {
                cli.out().json(SessionView.of(details));
            } else {
                SessionViews.lines(details).forEach(cli.out()::result);
            }
            return ExitCode.OK.code();
        }
    }

    /**
     * On a terminal, one live line with the session's state and the time since it was submitted
     * (PENDING 0:01, STARTING 0:02, READY 0:03); otherwise nothing while waiting.
     */
    private Consumer<Session> stateLine(String id) {
        Instant submitted = cli.clock().instant();
        return cli.liveLines(json.enabled())
                .<Consumer<Session>>map(lines -> seen -> lines.set(id, "session " + id + "  " + seen.state() + "  "
                        + Output.minutesSeconds(Duration.between(submitted, cli.clock().instant()))))
                .orElse(seen -> { });
    }

    private void print(SessionView doc, String line) {
        if (json.enabled()) {
            cli.out().json(doc);
        } else {
            cli.out().result(line);
        }
    }
}
