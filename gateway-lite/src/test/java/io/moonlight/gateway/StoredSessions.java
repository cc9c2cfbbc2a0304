package io.moonlight.gateway;

import io.moonlight.core.session.Codec;
import io.moonlight.core.session.Geometry;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.SessionToken;
import io.moonlight.core.store.SessionStore;
import java.time.Clock;
import java.util.Random;

/** Puts sessions into a store the way the session service does when it submits them. */
final class StoredSessions {
    private static final SessionSpec SPEC = new SessionSpec("xfce4", new Geometry(1920, 1080), 60, 20000, Codec.H264, 4);
    private final SessionIds ids = new SessionIds(Clock.systemUTC(), new Random());

    Session add(SessionStore store, String user) {
        return add(store, user, SessionToken.generate());
    }

    /** A session whose desktop is up, as its supervisor reports it. */
    Session addReady(SessionStore store, String user) {
        Session session = add(store, user);
        store.transition(session.id(), SessionState.PENDING, SessionState.STARTING, "job running");
        return store.transition(session.id(), SessionState.STARTING, SessionState.READY, "desktop up").orElseThrow();
    }

    /** A session whose supervisor proves itself with {@code token}. */
    Session add(SessionStore store, String user, String token) {
        Session session = Session.pending(ids.next(user), user, SPEC, SessionToken.hash(token), Clock.systemUTC().instant());
        store.create(session, 100);
        return session;
    }
}
