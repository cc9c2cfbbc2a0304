package io.moonlight.core.sessions;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.session.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** A session job's log, read as the session's user. */
public final class SessionLogs {
    private final MoonlightConfig config;
    private final SessionQueries queries;
    private final SessionFiles files;

    SessionLogs(MoonlightConfig config, SessionQueries queries, SessionFiles files) {
        this.config = config;
        this.queries = queries;
        this.files = files;
    }

    /**
     * The job's log, line by line. With {@code follow}, new lines too, until the session is over
     * (or its time is up).
     */
    public void read(Caller caller, String id, boolean follow, Consumer<String> lines) {
        SessionDetails details = queries.show(caller, id);
        Session session = details.session();
        Path log = details.paths().jobLog();
        if (!follow) {
            Optional<String> text = files.read(session.user(), log);
            text.ifPresent(t -> t.lines().forEach(lines));
            if (text.isEmpty()) {
                throw MoonlightException.failed("session " + id + " has no log yet (" + log + ")",
                        session.state().isActive() ? "the job writes it once it runs; try again or use --follow"
                                : "the session ended before its job ran: 'moonlight session show " + id + "'");
            }
            return;
        }
        Duration limit = details.timeLeft().orElse(Duration.ZERO).plusSeconds(config.slurm().graceSeconds() + 60L);
        ExecutorService follower = Executors.newSingleThreadExecutor();
        Future<?> tail = follower.submit(() -> files.follow(session.user(), log, limit, lines));
        try {
            while (!tail.isDone() && queries.show(caller, id).session().state().isActive()) {
                Pause.sleep(SessionQueries.SCHEDULER_POLL);
            }
            // Lines written just before the end still reach the reader.
            Pause.sleep(SessionQueries.SCHEDULER_POLL);
        } finally {
            tail.cancel(true);
            follower.shutdownNow();
        }
    }
}
