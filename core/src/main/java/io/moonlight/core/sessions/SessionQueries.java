package io.moonlight.core.sessions;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.scheduler.SchedulerJob;
import io.moonlight.core.session.Names;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
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
     * The caller's sessions (an admin's: everyone's, or {@code user}'s), reconciled with the
     * scheduler; with {@code all}, ended and failed ones too. Jobs without a live session are
     * reported, never touched ({@code moonlight cleanup --cancel-orphans} cancels them).
     */
    public SessionListing list(Caller caller, boolean all, Optional<String> user) {
        user.ifPresent(Names::user);
        if (user.isPresent() && !caller.mayActOn(user.get())) {
            throw MoonlightException.badInput("only admins may list the sessions of another user (" + user.get() + ")",
                    "leave out --user");
        }
        Optional<String> scope = user.or(() -> caller.admin() ? Optional.empty() : Optional.of(caller.name()));
        Reconciler.Snapshot snapshot = reconciler.look(store.list());
        List<Disagreement> disagreements = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        for (Session session : snapshot.sessions()) {
            if (scope.map(session.user()::equals).orElse(true)) {
                Session now = reconciler.reconcile(session, snapshot.jobOf(session), disagreements);
                if (all || now.state().isActive()) {
                    sessions.add(now);
                }
            }
        }
        List<SchedulerJob> orphans = reconciler.orphans(snapshot).stream()
                .filter(j -> scope.map(j.user()::equals).orElse(true))
                .toList();
        for (SchedulerJob orphan : orphans) {
            disagreements.add(new Disagreement("", orphan.id(), "job " + orphan.id() + " (" + orphan.name() + ", "
                    + orphan.detail() + ") has no live session"));
        }
        return new SessionListing(sessions, disagreements, orphans);
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
