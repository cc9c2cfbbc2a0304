package io.moonlight.core.sessions;

import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.scheduler.SchedulerJob;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.UnknownSessionException;
import io.moonlight.core.store.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Sessions as stored, without asking the scheduler and without writing: for frequent readers such as
 * the gateway's API (the supervisors' reports and the {@link Reconciler} keep the store current).
 * Admins see every session; other users only their own (another's is "no such session", exactly
 * like a missing one).
 */
public final class SessionLookup {
    private final MoonlightConfig config;
    private final SessionStore store;
    private final Clock clock;

    public SessionLookup(MoonlightConfig config, SessionStore store, Clock clock) {
        this.config = config;
        this.store = store;
        this.clock = clock;
    }

    /** The caller's sessions (an admin's: all); with {@code all}, ended and failed ones too. */
    public List<Session> stored(Caller caller, boolean all) {
        List<Session> sessions = caller.admin() ? store.list() : store.listByUser(caller.name());
        return all ? sessions : sessions.stream().filter(s -> s.state().isActive()).toList();
    }

    /** One session with where to reach it, as stored. */
    public SessionDetails storedDetails(Caller caller, String id) {
        return details(visible(caller, id), Optional.empty());
    }

    /** The session, if the caller may see it. */
    Session visible(Caller caller, String id) {
        Session session = store.get(SessionIds.check(id)).orElseThrow(() -> new UnknownSessionException(id));
        if (!caller.mayActOn(session.user())) {
            throw new UnknownSessionException(id);
        }
        return session;
    }

    /**
     * The time left runs to the job's end as the scheduler says, else from when the job started
     * (the session became STARTING) for the hours asked; a session still PENDING has them all.
     */
    SessionDetails details(Session session, Optional<SchedulerJob> job) {
        boolean sunshine = config.supervisor().runsSunshine();
        Optional<Integer> basePort = sunshine ? session.sunshineBasePort().stream().boxed().findFirst() : Optional.empty();
        Optional<String> address = session.node().flatMap(node -> basePort.map(port -> node + ":" + port));
        Optional<Integer> webUi = basePort.map(port -> port + 1);
        Duration hours = Duration.ofHours(session.spec().hours());
        Optional<Duration> timeLeft = session.state().isActive()
                ? Optional.of(job.flatMap(SchedulerJob::endsAt)
                        .or(() -> session.history().stream().filter(c -> c.state() == SessionState.STARTING)
                                .findFirst().map(started -> started.at().plus(hours)))
                        .map(end -> Duration.between(clock.instant(), end))
                        .map(left -> left.isNegative() ? Duration.ZERO : left)
                        .orElse(hours))
                : Optional.empty();
        String url = config.gateway().publicUrl().replaceAll("/+$", "") + "/moonlight/?session=" + session.id();
        return new SessionDetails(session, job, SessionPaths.of(config.paths(), session.user(), session.id()), address,
                webUi, url, timeLeft, sunshine);
    }
}
