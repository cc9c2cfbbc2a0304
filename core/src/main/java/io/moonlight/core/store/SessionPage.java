package io.moonlight.core.store;

import io.moonlight.core.session.Session;
import java.util.List;
import java.util.Optional;

/** A page of a listing, and where the next one starts (empty when this is the last). */
public record SessionPage(List<Session> sessions, Optional<SessionCursor> next) {
    public SessionPage {
        sessions = List.copyOf(sessions);
    }

    /**
     * The page out of up to {@code limit + 1} sessions read: the one past the limit only says that
     * there is more.
     */
    static SessionPage of(List<Session> read, int limit) {
        if (read.size() <= limit) {
            return new SessionPage(read, Optional.empty());
        }
        List<Session> page = read.subList(0, limit);
        return new SessionPage(page, Optional.of(SessionCursor.after(page.get(limit - 1))));
    }
}
