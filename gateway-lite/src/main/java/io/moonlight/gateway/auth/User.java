package io.moonlight.gateway.auth;

import io.moonlight.core.sessions.Caller;
import java.util.Set;

/** A portal user the gateway let in: the login name, the token's groups, and whether an admin group is among them. */
public record User(String name, Set<String> groups, boolean admin) {
    public User {
        groups = Set.copyOf(groups);
    }

    /** The user as the session service knows callers: admins act on every session, users on their own. */
    public Caller caller() {
        return new Caller(name, admin);
    }
}
