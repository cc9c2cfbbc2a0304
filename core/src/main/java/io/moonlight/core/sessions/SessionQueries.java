package io.moonlight.core.sessions;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.scheduler.SchedulerJob;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.store.SessionFilter;
import io.moonlight.core.store.SessionPage;
import io.moonlight.core.store.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Sessions as the store and the scheduler see them together ({@code session list/show}): each is
 * reconciled first, so what is shown is what {@code moonlight cleanup} would leave (see
 * {@link Reconciler} for what that writes).
 */
public final class SessionQueries {
    private static final Duration POLL = Duration.ofMillis(250);
    /** How often a waiting command asks the scheduler (squeue) again. */
    static final Duration SCHEDULER_POLL = Duration.ofSeconds(1);

    private final SessionLookup lookup;
    private final SessionStore store;
    private final Reconciler reconciler;
    private final Clock clock;

    public SessionQueries(SessionLookup lookup, SessionStore store, Reconciler reconciler, Clock clock) {
        this.lookup = lookup;
        this.store = store;
        this.reconciler = reconciler;
        this.clock = clock;
    }

    /**
     * A page of the caller's sessions (an admin's: everyone's, or the filter's user's), each
     * reconciled with the scheduler; one that the reconciling moved out of the filter's states is left
     * out (a page may then hold fewer than the limit). Jobs without a live session are reported,
     * never touched ({@code moonlight cleanup --cancel-orphans} cancels them).
     */
    public SessionListing list(Caller caller, SessionFilter filter) {
        SessionFilter scoped = lookup.scoped(caller, filter);
        SessionPage page = store.page(scoped);
        Reconciler.Snapshot snapshot = reconciler.look(page.sessions());
        List<Disagreement> disagreements = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        for (Session session : snapshot.sessions()) {
            Session now = reconciler.reconcile(session, snapshot.jobOf(session), disagreements);
            if (scoped.states().contains(now.state())) {
                sessions.add(now);
            }
        }
        List<SchedulerJob> orphans = reconciler.orphans(snapshot).stream()
                .filter(j -> scoped.user().map(j.user()::equals).orElse(true))
                .toList();
        for (SchedulerJob orphan : orphans) {
            disagreements.add(new Disagreement("", orphan.id(), "job " + orphan.id() + " (" + orphan.name() + ", "
                    + orphan.detail() + ") has no live session"));
        }
        return new SessionListing(sessions, disagreements, orphans, page.next());
    }

    /** One session, reconciled with its job, and where to reach it. */
    public SessionDetails show(Caller caller, String id) {
        Session stored = lookup.visible(caller, id);
        Reconciler.Snapshot snapshot = reconciler.look(List.of(stored));
        Optional<SchedulerJob> job = snapshot.jobOf(stored);
        return lookup.details(reconciler.reconcile(stored, job, new ArrayList<>()), job);
    }

    /**
     * Waits until the session is READY, or has ended or failed, checking the scheduler on the way
     * (a job that went away ends the wait too); an error when {@code timeout} passes first.
     */
    public Session awaitReady(Caller caller, String id, Duration timeout) {
        return awaitReady(caller, id, timeout, session -> { });
    }

    /** As {@link #awaitReady(Caller, String, Duration)}, handing {@code seen} the session as each check found it. */
    public Session awaitReady(Caller caller, String id, Duration timeout, Consumer<Session> seen) {
        Instant deadline = clock.instant().plus(timeout);
        Instant askScheduler = clock.instant();
        while (true) {
            // The store (where the supervisor reports READY) often; the scheduler (squeue) once a second.
            Session session;
            if (clock.instant().isBefore(askScheduler)) {
                session = lookup.visible(caller, id);
            } else {
                session = show(caller, id).session();
                askScheduler = clock.instant().plus(SCHEDULER_POLL);
            }
            seen.accept(session);
            if (session.state() == SessionState.READY || session.state().isFinal()) {
                return session;
            }
            if (!clock.instant().isBefore(deadline)) {
                throw MoonlightException.failed("session " + id + " is not READY after " + timeout.toSeconds() + " s (it is "
                        + session.state() + ")", "see its log: 'moonlight session logs " + id + "'");
            }
            Pause.sleep(POLL);
        }
    }
}
