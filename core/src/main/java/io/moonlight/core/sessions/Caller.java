package io.moonlight.core.sessions;

import io.moonlight.core.session.Names;

/**
 * Who asks the session services: a login name, and whether it is an admin (acts on every user's
 * sessions). The CLI finds out from the system's groups ({@link SiteSessionService#caller}); the
 * gateway from the portal token's groups.
 */
public record Caller(String name, boolean admin) {
    public Caller {
        Names.user(name);
    }

    /** Admins act on every session; users only on their own. */
    public boolean mayActOn(String sessionUser) {
        return admin || name.equals(sessionUser);
    }
}
