package io.moonlight.gateway.signaling;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.Share;
import io.moonlight.core.store.SessionStore;
import io.moonlight.gateway.auth.AuthFailure;
import io.moonlight.gateway.auth.JwtAuthenticator;
import io.moonlight.gateway.auth.SessionTokenAuthenticator;
import io.moonlight.gateway.auth.User;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a hello joins its session. A browser proves its user with the portal's JWT (the
 * API's check) and reaches only that user's sessions, admins others' only when
 * {@code gateway.admins_join_sessions} says so, or view-only when {@code gateway.admins_watch_sessions} says so;
 * any user reaches a READY session view-only with its valid share's id;
 * it must come from a web page (with an Origin, which
 * the server checked before the upgrade). An agent proves its session with the session's token
 * (the supervisor endpoints' check) and comes from no web page. The session must be live.
 */
public final class Admission {
    private static final Set<SessionState> LIVE = EnumSet.of(SessionState.PENDING, SessionState.STARTING,
            SessionState.READY);
    private final JwtAuthenticator users;
    private final SessionTokenAuthenticator sessions;
    private final SessionStore store;
    private final boolean adminsJoinSessions;
    private final boolean adminsWatchSessions;
    private final Clock clock;

    public Admission(JwtAuthenticator users, SessionTokenAuthenticator sessions, SessionStore store,
            boolean adminsJoinSessions, boolean adminsWatchSessions, Clock clock) {
        this.clock = clock;
        this.users = users;
        this.sessions = sessions;
        this.store = store;
        this.adminsJoinSessions = adminsJoinSessions;
        this.adminsWatchSessions = adminsWatchSessions;
    }

    /** The admitted peer, or a {@link Refusal} with the close code that says why not. */
    Admitted admit(Hello hello, boolean fromWebPage) {
        try {
            Admitted admitted = hello.role() == Role.BROWSER ? browser(hello, fromWebPage) : agent(hello, fromWebPage);
            if (!LIVE.contains(admitted.session().state())) {
                throw new Refusal(CloseCode.NO_SESSION, "session " + hello.session() + " is "
                        + admitted.session().state() + ", not live");
            }
            return admitted;
        } catch (AuthFailure e) {
            throw new Refusal(e.status() == 403 ? CloseCode.FORBIDDEN : CloseCode.BAD_TOKEN, e.getMessage());
        } catch (MoonlightException e) {
            if (e.exitCode() == ExitCode.UNAVAILABLE) {
                throw new Refusal(CloseCode.UNAVAILABLE, e.getMessage());
            }
            throw e;
        }
    }

    private Admitted browser(Hello hello, boolean fromWebPage) {
        if (!fromWebPage) {
            throw new Refusal(CloseCode.FORBIDDEN, "a browser's connection carries the Origin of its page");
        }
        User user = users.userOf(hello.token());
        Session session = store.get(hello.session()).orElseThrow(() -> new Refusal(CloseCode.NO_SESSION,
                "no session " + hello.session()));
        if (session.user().equals(user.name()) || (user.admin() && adminsJoinSessions)) {
            return new Admitted(Role.BROWSER, session, user.name(), false, Optional.empty());
        }
        if (hello.share() != null) {
            return new Admitted(Role.BROWSER, session, user.name(), true, Optional.of(share(session, hello.share())));
        }
        if (user.admin() && adminsWatchSessions) {
            return new Admitted(Role.BROWSER, session, user.name(), true, Optional.empty());
        }
        throw new Refusal(CloseCode.FORBIDDEN, "session " + hello.session() + " is not " + user.name() + "'s"
                + (user.admin() ? " (admins join others' sessions only with gateway.admins_join_sessions, or watch"
                + " them with gateway.admins_watch_sessions)" : ""));
    }

    /** The session's share that {@code shareId} names, valid now and on a READY session; else a refusal. */
    private Share share(Session session, String shareId) {
        Share share = session.share().filter(s -> s.admits(shareId, clock.instant())).orElseThrow(() -> new Refusal(
                CloseCode.SHARE_GONE, "the share link of session " + session.id() + " was revoked, replaced or has expired"));
        if (session.state() != SessionState.READY) {
            throw new Refusal(CloseCode.NO_SESSION, "session " + session.id() + " is " + session.state()
                    + ": a shared session is watched while it is READY");
        }
        return share;
    }

    /** The session as the store has it now (for {@link #shareEnded}: one read for all its viewers). */
    Optional<Session> current(String session) {
        return store.get(session);
    }

    /**
     * Why a viewer that came with a share may not watch any longer (the share was revoked, replaced or
     * expired, or the session is no longer READY), by {@code session} as just read; empty while it may.
     */
    Optional<String> shareEnded(Optional<Session> session, Admitted viewer) {
        Share share = viewer.share().orElseThrow();
        if (session.isEmpty() || session.get().state() != SessionState.READY) {
            return Optional.of("the session is no longer READY");
        }
        if (!session.get().share().map(s -> s.id().equals(share.id())).orElse(false)) {
            return Optional.of("the share link was revoked or replaced");
        }
        return clock.instant().isBefore(share.expiresAt()) ? Optional.empty() : Optional.of("the share link expired");
    }

    private Admitted agent(Hello hello, boolean fromWebPage) {
        if (fromWebPage) {
            throw new Refusal(CloseCode.FORBIDDEN, "a web page cannot connect as a session's agent");
        }
        return new Admitted(Role.AGENT, sessions.sessionOf(hello.session(), hello.token()), "agent", false, Optional.empty());
    }
}
